"""The pages' side: a page translation is out of date when its Swedish source was published after the
translation was last saved (or checked by a translator); Wagtail's revisions say what changed."""

from django.utils import timezone
from wagtail.models import Page

from cms.base.site_config import SOURCE_LANGUAGE

from .models import PageTranslationCheck


def latest_of(*times):
    """The latest of these times, ignoring the ones not set."""
    return max((time for time in times if time is not None), default=None)


def last_worked_on(translation, checked_at=None):
    """When a translator last saved this translation or marked it checked."""
    return latest_of(
        translation.latest_revision_created_at,
        translation.last_published_at,
        translation.first_published_at,
        checked_at,
    )


def source_changed_since(source, since):
    """Whether the Swedish source was published after `since` (None: nothing known to compare with)."""
    return bool(since and source.live and source.last_published_at and source.last_published_at > since)


def source_of(page):
    """The Swedish original of a page translation, or None (a Swedish page, or one with no Swedish original)."""
    if page.locale.language_code == SOURCE_LANGUAGE:
        return None
    return (
        Page.objects.filter(translation_key=page.translation_key, locale__language_code=SOURCE_LANGUAGE)
        .exclude(pk=page.pk)
        .first()
    )


def checked_at(page):
    return PageTranslationCheck.objects.filter(page=page).values_list("checked_at", flat=True).first()


def page_translation_is_out_of_date(page):
    """Whether this page (a translation, not an alias) was written against an older Swedish version."""
    if page.alias_of_id is not None:
        return False
    source = source_of(page)
    return source is not None and source_changed_since(source, last_worked_on(page, checked_at(page)))


def source_revision_then(source, since):
    """The source's revision the translator last worked against: its latest one saved by `since`."""
    return source.revisions.filter(created_at__lte=since).order_by("-created_at", "-pk").first()


def mark_checked(page, user):
    """A translator found the translation still right after the source changed: record who and when."""
    PageTranslationCheck.objects.update_or_create(
        page=page, defaults={"checked_by": user, "checked_at": timezone.now()}
    )


def translations_of(sources, language_codes):
    """{(translation key, language): the page's values} for the given Swedish pages, in one query, with the
    time each was last checked."""
    pages = Page.objects.filter(
        translation_key__in=[source.translation_key for source in sources], locale__language_code__in=language_codes
    ).values(
        "pk",
        "translation_key",
        "locale__language_code",
        "alias_of_id",
        "latest_revision_created_at",
        "last_published_at",
        "first_published_at",
    )
    found = {(page["translation_key"], page["locale__language_code"]): page for page in pages}
    checks = dict(
        PageTranslationCheck.objects.filter(page_id__in=[page["pk"] for page in found.values()]).values_list(
            "page_id", "checked_at"
        )
    )
    for page in found.values():
        page["checked_at"] = checks.get(page["pk"])
    return found
