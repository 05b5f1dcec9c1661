"""What the editor reads about a published page or listing: live on the site, going live, or not live and why.

Read from the builds of the kommuner the object is shown on (`cms.publishing.affected`): a
build that waits or runs means "Going live"; otherwise the latest finished build of each
kommun that started after the object was last published decides: all live, "Live on the
site"; one failed, "Not live" with the build's sentence (the one naming this object when there
is one) and the link it gives to where the editor fixes it.
"""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .affected import ALL, kommuner_of_paths, scope_of
from .models import PENDING, Build, Outcome

LIVE, GOING_LIVE, NOT_LIVE = "live", "going-live", "not-live"
#: The build's sentences end with "Fix it at <admin URL>" (cms.export.problems).
FIX_AT = re.compile(r"Fix it at (\S+?)[.)]?(?:\s|$)")
ANY_URL = re.compile(r"(https?://\S+?|/admin/\S+?)[.)]?(?:\s|$)")


@dataclass
class LiveStatus:
    """The state of one object on the microsites, the reason when it is not live, and where to fix it."""

    state: str
    reason: str = ""
    fix_url: str = ""

    @property
    def label(self):
        return {LIVE: _("Live on the site"), GOING_LIVE: _("Going live"), NOT_LIVE: _("Not live")}[self.state]


def kommun_ids_of(obj):
    """The ids of the kommuner whose sites show `obj`."""
    from cms.base.models import Kommun

    target = kommuner_of_paths([obj.path])[obj.path] if isinstance(obj, Page) else scope_of(obj)
    if isinstance(target, tuple):
        target = kommuner_of_paths([target[1]])[target[1]]
    if target == ALL:
        return list(Kommun.objects.values_list("pk", flat=True))
    return [target]


def live_status(obj, edit_url=""):
    """The LiveStatus of a live page or listing; None when it is not published, or was published before
    any build of its kommun was recorded (what the worker cannot know of)."""
    if not getattr(obj, "live", True):
        return None
    published_at = getattr(obj, "last_published_at", None) or getattr(obj, "updated_at", None)
    kommun_ids = kommun_ids_of(obj)
    builds = Build.objects.filter(kommun_id__in=kommun_ids)
    if builds.filter(outcome__in=PENDING).exists():
        return LiveStatus(GOING_LIVE)
    finished = builds.filter(outcome__in=[Outcome.LIVE, Outcome.FAILED])
    if published_at is not None:
        finished = finished.filter(started_at__gte=published_at)
    latest = {}
    for build in finished.order_by("kommun_id", "-finished_at", "-pk"):
        latest.setdefault(build.kommun_id, build)
    failed = [build for build in latest.values() if build.outcome == Outcome.FAILED]
    if failed:
        return not_live(failed, obj, edit_url)
    if len(latest) < len(kommun_ids):
        first = builds.order_by("queued_at").values_list("queued_at", flat=True).first()
        if first is None or (published_at is not None and published_at < first):
            return None  # published before the worker kept builds: a nightly or manual publish took it live
        return LiveStatus(
            NOT_LIVE,
            _("no build has run since it was published: is the publish worker running?"),
            reverse("wagtailadmin_home"),
        )
    return LiveStatus(LIVE)


def not_live(failed, obj, edit_url):
    """ "Not live" with the failed build's sentence about this object (else its first) and where to fix it."""
    problems = [problem for build in failed for problem in build.problems] or [str(_("the build failed."))]
    mine = [p for p in problems if (edit_url and edit_url in p) or str(obj) in p]
    reason = (mine or problems)[0]
    found = FIX_AT.search(reason) or ANY_URL.search(reason)
    return LiveStatus(NOT_LIVE, reason, found.group(1) if found else edit_url)
