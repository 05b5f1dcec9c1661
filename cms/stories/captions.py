"""Captions in the page's own language for every uploaded video of a page body (WCAG 1.2.2).

A block cannot see its page's language, so the page's admin form checks its body: a video file without
captions in the page's language is refused with Wagtail's validation message on the video's captions.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms import languages
from cms.base.forms import PageForm


def caption_errors(stream, language_code):
    """A StreamBlockValidationError for the videos of `stream` (a page body) that have no captions in the
    page's language, or None. A block cannot see its page's language, so the page asks (WCAG 1.2.2)."""
    name = languages.REGISTRY[language_code].name if language_code in languages.REGISTRY else language_code
    errors = {}
    for index, child in enumerate(stream):
        if child.block_type != "video" or not child.value.get("video"):
            continue
        spoken = {item.get("language") for item in child.value.get("captions") or []}
        if language_code not in spoken:
            errors[index] = blocks.StructBlockValidationError(
                block_errors={
                    "captions": ValidationError(
                        _("Add captions in %(language)s, the language of this page.") % {"language": name}
                    )
                }
            )
    return blocks.StreamBlockValidationError(block_errors=errors) if errors else None


class CaptionedVideosForm(PageForm):
    """The admin form of a page whose body may hold uploaded videos: each needs captions in the page's
    language. Checked where an editor saves, not on every save: Wagtail copies a page into another language
    (an alias, or "Translate") before anyone could add that language's captions."""

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body")
        locale = self.instance.locale if self.instance.locale_id else getattr(self.parent_page, "locale", None)
        if body is not None and "body" not in self.errors:
            errors = caption_errors(body, locale.language_code if locale else languages.SOURCE)
            if errors is not None:
                self.add_error("body", errors)
        return cleaned
