"""What housing listings, activities and jobs have in common."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, RevisionMixin

from cms.languages import SOURCE

from .kommun import Kommun

MANUAL_SOURCE = "manual"


class TranslationRowMixin(models.Model):
    """One language's text of a listing, driver or neighbourhood.

    Structured facts (rent, rooms, dates, coordinates) exist once per record; only
    the prose is per language. Keeping the prose in rows under one record (rather
    than a copy of the whole record per locale) means a price can never differ
    between languages.
    """

    language_code = models.CharField(_("language"), max_length=8, choices=settings.WAGTAIL_CONTENT_LANGUAGES)

    class Meta:
        abstract = True


def translation_row_errors(rows, required_fields):
    """Swedish is required, each language once, and no required field left empty.

    `rows` is a list of (language_code, {field: value}); the admin form passes what
    the editor typed, code passes the in-memory rows of the record it builds.
    """
    errors, seen = [], set()
    for language_code, values in rows:
        if language_code in seen:
            errors.append(_("The language %(lang)s is translated twice.") % {"lang": language_code})
        seen.add(language_code)
        for field in required_fields:
            if not (values.get(field) or "").strip():
                errors.append(_("The %(lang)s translation has no %(field)s.") % {"lang": language_code, "field": field})
    if SOURCE not in seen:
        errors.append(_("A Swedish (sv) text is required: Swedish is the source language."))
    return errors


def validate_translation_rows(instance, relation="translations"):
    """Check the in-memory translation rows of a record built by code (demo, imports).

    The admin checks the same rules in its form (`TranslatedForm`), because a
    model's clean() runs before the admin's inline rows are attached to it.
    """
    required = instance.translation_required_fields
    rows = [
        (row.language_code, {f: getattr(row, f, "") for f in required}) for row in getattr(instance, relation).all()
    ]
    errors = translation_row_errors(rows, required)
    if errors:
        raise ValidationError(errors)


class KommunListing(DraftStateMixin, RevisionMixin, ClusterableModel):
    """A listing (home, activity, job) that belongs to exactly one kommun.

    Editors of a kommun see and change only their own kommun's listings (see
    `cms.base.permissions`). Listings have drafts, revisions and publishing like
    pages; only live listings reach the public API and the microsites.
    """

    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun"))
    source = models.CharField(
        _("source"),
        max_length=80,
        default=MANUAL_SOURCE,
        help_text=_("Where the listing came from; imports never touch listings made by hand."),
    )
    source_id = models.CharField(_("id at the source"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    #: Exported listings belong to their kommun's site; saving one (publishing it, too) moves its
    #: `updated_at`, which is all the build's stamp needs to read of it (cms.export.declarations).
    export_scope = "kommun"
    export_changed = ("live", "updated_at")

    class Meta:
        abstract = True

    def text(self, language_code, field):
        """A translated field in the given language, falling back to Swedish."""
        rows = {row.language_code: row for row in self.translations.all()}
        for code in (language_code, SOURCE):
            value = getattr(rows.get(code), field, "") if code in rows else ""
            if value:
                return value
        return ""

    def available_languages(self):
        return sorted(row.language_code for row in self.translations.all())
