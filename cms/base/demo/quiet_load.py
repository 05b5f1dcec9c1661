"""Work the demo load skips because nobody reads its result: the SQL log and repeated site lookups.

Under `DEBUG` (the dev settings `build.py --demo` runs with) Django keeps the text of every query
in `connection.queries`, and on SQLite each logged query costs another query that quotes its
parameters for the log: a demo load runs about 140,000 queries that nobody reads. `sql_not_logged()`
stops the log for the load alone (`connection.queries_logged` reads `settings.DEBUG` per query).

Every page save asks the database whether the page is the root of a site (`Page.is_site_root`):
thousands of identical queries in a load whose sites were all set up before its pages. Inside
`site_roots_known()` the answer comes from the sites as they were when the block began; the block
creates pages, never sites (`sync_kommuner` runs before it).

Every translated copy and alias Wagtail makes asks which view restrictions apply to its new
parent (`Page.get_view_restrictions`): a walk up the tree, reading each ancestor and each alias's
source, some fifteen hundred times in a load that makes no restriction at all. Inside
`view_restrictions_known()` a database without any restriction when the block began answers
"none" at once; one with restrictions is asked as usual. Likewise every publish asks whether the
page is in a moderation workflow, to cancel it (`current_workflow_state`): inside
`no_workflow_in_progress()` a database where no workflow had started when the block began (the
load starts none) answers "no" without a query.
"""

from contextlib import contextmanager

from django.conf import settings
from wagtail.models import Page, PageViewRestriction, Site, WorkflowMixin, WorkflowState

_is_site_root = Page.is_site_root
_get_view_restrictions = Page.get_view_restrictions


@contextmanager
def sql_not_logged():
    """Inside, Django keeps no log of the queries run, even under DEBUG."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


@contextmanager
def site_roots_known():
    """Inside, `Page.is_site_root()` answers from the sites that existed when the block began."""
    roots = set(Site.objects.values_list("root_page__translation_key", flat=True))

    def is_site_root(page):
        if hasattr(page, "_is_site_root"):
            return page._is_site_root
        return page.translation_key in roots

    Page.is_site_root = is_site_root
    try:
        yield
    finally:
        Page.is_site_root = _is_site_root


@contextmanager
def view_restrictions_known():
    """Inside, `Page.get_view_restrictions()` finds none at once when none existed as the block began."""
    if PageViewRestriction.objects.exists():
        yield
        return
    Page.get_view_restrictions = lambda page: PageViewRestriction.objects.none()
    try:
        yield
    finally:
        Page.get_view_restrictions = _get_view_restrictions


@contextmanager
def no_workflow_in_progress():
    """Inside, an object's `current_workflow_state` is None at once when no workflow state existed as the block began."""
    if WorkflowState.objects.exists():
        yield
        return
    current_workflow_state = WorkflowMixin.current_workflow_state
    WorkflowMixin.current_workflow_state = property(lambda obj: None)
    try:
        yield
    finally:
        WorkflowMixin.current_workflow_state = current_workflow_state
