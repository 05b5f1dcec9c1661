"""Creating pages and their translations from code, the way an editor would.

Every page is created in Swedish, then given a counterpart in each other language:
a real translation where the demo has text for it, an alias (Wagtail's marker for
"not translated yet") where it has none. That keeps every language tree the same
shape, as Wagtail's simple translation does for pages made in the admin.

The counterparts are made by Wagtail's own copy and alias actions at a tree position reserved
for them (`cms.base.translation_copies`), the way Wagtail's recursive copies save each page.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Page, Revision

from ..translation_copies import copy_for_translation


def publish(page, clean=True, first=False):
    """Save a revision of `page` and publish it; `clean=False` when its save has just validated it,
    `first=True` when the page has just been created (it has no revision yet).

    Publishing saves the page again from the revision, and that save validates it again: the very
    content the revision's save (or the page's own) has just validated. That second check is left
    out; what is stored is the same (the canonical dump of a load says so). Publishing also asks
    the database whether the revision is the page's latest (it is: it was just saved) and, to log a
    rename, which revision came before it (none, for a page just created), and then for its aliases
    to bring up to date (none, for a page just created); those answers are given without the queries."""
    revision = page.save_revision(clean=clean)
    with _validated(page.pk), _revision_known(page, revision, first):
        revision.publish()
    return page


_is_latest_revision = Revision.is_latest_revision
_get_previous = Revision.get_previous
_update_aliases = Page.update_aliases


@contextmanager
def _revision_known(page, just_saved, first):
    """Inside, `just_saved` is `page`'s latest revision, and if `first` its first one, of a page
    without aliases; other pages and revisions are asked."""

    def is_latest_revision(revision):
        return True if revision.pk == just_saved.pk else _is_latest_revision(revision)

    def get_previous(revision):
        if first and revision.pk == just_saved.pk:
            raise Revision.DoesNotExist("A page just created has no revision before its first.")
        return _get_previous(revision)

    def update_aliases(self, **kwargs):
        if first and self.pk == page.pk:
            return None  # no alias can follow a page just created
        return _update_aliases(self, **kwargs)

    Revision.is_latest_revision, Revision.get_previous = is_latest_revision, get_previous
    Page.update_aliases = update_aliases
    try:
        yield
    finally:
        Revision.is_latest_revision, Revision.get_previous = _is_latest_revision, _get_previous
        Page.update_aliases = _update_aliases


_just_validated = ContextVar("just_validated_page", default=None)
_full_clean = Page.full_clean


def _full_clean_unless_just_validated(page, *args, **kwargs):
    if page.pk is None or page.pk != _just_validated.get():
        return _full_clean(page, *args, **kwargs)
    page._set_core_field_defaults()  # what validation sets besides checking: the same as the revision's
    return None


@contextmanager
def _validated(pk):
    """Inside, the page `pk` is not validated again (see `publish`); other pages are."""
    token = _just_validated.set(pk)
    Page.full_clean = _full_clean_unless_just_validated
    try:
        yield
    finally:
        _just_validated.reset(token)
        Page.full_clean = _full_clean


def add_child(parent, page):
    """Create `page` under `parent` and publish it; the save validates it, the revision need not again."""
    parent.add_child(instance=page)
    return publish(page, clean=False, first=True)


def child_by_slug(parent, slug):
    child = parent.get_children().filter(slug=slug).first()
    return child.specific if child else None


def translate(source, locales, texts_by_language):
    """Give `source` a counterpart in each locale; `texts_by_language[code]` holds its fields.

    Returns {language_code: page} including the source. Existing real translations
    are left untouched (a second demo load changes nothing).
    """
    pages = {source.locale.language_code: source}
    # Each page's and its parent's translations looked up once, not once per language.
    translations = {page.locale_id: page for page in source.get_translations()}
    parent = source.get_parent().specific
    parent_translations = None if parent.is_root() else {page.locale_id: page for page in parent.get_translations()}
    for locale in locales:
        code = locale.language_code
        if code == source.locale.language_code:
            continue
        fields = texts_by_language.get(code)
        existing = translations.get(locale.pk)
        if existing is not None:
            existing = existing.specific
            if existing.alias_of_id and fields:
                ConvertAliasPageAction(existing, log_action=None).execute(skip_permission_checks=True)
                existing.refresh_from_db()
                existing = existing.specific
                _apply(existing, fields)
                publish(existing)
            pages[code] = existing
            continue
        translated_parent = None if parent_translations is None else parent_translations.get(locale.pk)
        if fields:
            translated = copy_for_translation(source, locale, translated_parent=translated_parent)
            _apply(translated, fields)
            pages[code] = publish(translated)
        else:
            pages[code] = copy_for_translation(source, locale, alias=True, translated_parent=translated_parent).specific
    return pages


def _apply(page, fields):
    for name, value in fields.items():
        setattr(page, name, value)
