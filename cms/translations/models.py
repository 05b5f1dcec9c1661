"""What a translation was made from, so that a later change of its Swedish source shows.

Pages keep their history in Wagtail's revisions: a page translation is out of date when its
Swedish source was published after the translation was last saved, and the comparison is
Wagtail's own between two revisions of the source. Listings keep every language's text in
rows of one record, so for them the Swedish text a translation was made from is noted here
(`ListingTranslationBaseline`). Either kind can be marked "checked, still right" by a
translator, which records who and when.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.export.declarations import PAGE_TREE


class ListingTranslationBaseline(models.Model):
    """One language of one listing: the Swedish text its translation was written (or checked) against.

    The translation is out of date while the listing's Swedish text differs from `source_text`;
    `translated_text` is that language's own text at the time, so that a translator's next save
    of it (a change of that text) is recognised and makes the current Swedish the new baseline.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    listing = GenericForeignKey("content_type", "object_id")
    #: The listing's kommun, so that a baseline's change rebuilds that kommun's site alone.
    kommun = models.ForeignKey("base.Kommun", on_delete=models.CASCADE, related_name="+")
    language_code = models.CharField(_("language"), max_length=8, choices=settings.WAGTAIL_CONTENT_LANGUAGES)
    source_text = models.JSONField(_("Swedish text then"), default=dict)
    translated_text = models.JSONField(_("translated text then"), default=dict)
    saved_at = models.DateTimeField(_("translation saved"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked, still right"), null=True, blank=True)

    #: The microsite's "the Swedish version has been updated" notice compares the live Swedish text with
    #: `source_text` (cms.translations.notice); `source_text` changes only with `saved_at` or `checked_at`.
    export_fields = ("content_type", "object_id", "language_code", "source_text")
    export_scope = "kommun"
    export_changed = ("saved_at", "checked_at")

    class Meta:
        unique_together = [("content_type", "object_id", "language_code")]
        verbose_name = _("listing translation baseline")

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id} ({self.language_code})"


class PageTranslationCheck(models.Model):
    """A translator's "checked, still right" on a page translation after its Swedish source changed."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked, still right"))

    #: A check takes the microsite's "the Swedish version has been updated" notice off the translation
    #: (cms.translations.notice), so the check is read by the export and rebuilds the page's kommun.
    export_fields = ("page", "checked_at")
    export_scope = f"page__{PAGE_TREE}"

    class Meta:
        verbose_name = _("page translation check")

    def __str__(self):
        return f"page #{self.page_id}, checked {timezone.localtime(self.checked_at):%Y-%m-%d %H:%M}"
