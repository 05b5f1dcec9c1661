from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Page, RevisionMixin, TranslatableMixin
from wagtail.search import index

from cms.base.blocks import RICH_TEXT_FEATURES
from cms.base.forms import PageForm
from cms.base.rich_text import RegionWideRichTextForm
from cms.export.declarations import ExportedPage, rows


class SharedContent(TranslatableMixin, DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """Region-wide content that every kommun's microsite reuses.

    Kept by region editors ("Moving to Sweden: the basics"); each kommun places it
    in its own tree with a `SharedContentPage`, to which it may add a local note.
    Translated the Wagtail way, one row per locale.
    """

    base_form_class = RegionWideRichTextForm

    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=160)
    summary = models.TextField()
    body = RichTextField(features=RICH_TEXT_FEATURES)
    drivers = ParentalManyToManyField("base.Driver", blank=True, related_name="+")

    panels = [
        FieldPanel("slug"),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("drivers", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("body"), index.FilterField("locale_id")]
    export_fields = ("translation_key", "locale", "live", "title", "summary", "body", "drivers")
    export_scope = None  # every kommun's site shows it

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("shared region content")
        verbose_name_plural = _("shared region content")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.title


class SharedContentPage(ExportedPage, Page):
    """A kommun's place for a piece of shared region content, plus its own local note."""

    base_form_class = PageForm

    shared = models.ForeignKey(SharedContent, on_delete=models.PROTECT, related_name="+")
    local_note = RichTextField(_("local note"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("shared"), FieldPanel("local_note")]
    export_template = "shared.html"
    export_reads = ("shared", "local_note")
    api_fields = [APIField("shared_title"), APIField("shared_summary"), APIField("shared_body"), APIField("local_note")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("shared content page")

    def export_data(self, context):
        """The shared text in this page's language (else the source text), and the kommun's own note."""
        source = rows(SharedContent).get(pk=self.shared_id)
        translated = rows(SharedContent).filter(translation_key=source.translation_key, locale=self.locale_id).first()
        shared = translated if translated is not None and translated.live else source
        return {
            "summary": shared.summary,
            "body": context.rich_text(shared.body),
            "shared": {"text_language": context.locale_code(shared.locale_id)},
            "local_note": context.rich_text(self.local_note),
            "drivers": context.related_slugs(source, "drivers"),
        }

    @property
    def shared_in_locale(self):
        """The shared content in this page's language, else the source text."""
        translation = self.shared.get_translation_or_none(self.locale)
        return translation if translation is not None and translation.live else self.shared

    @property
    def shared_title(self):
        return self.shared_in_locale.title

    @property
    def shared_summary(self):
        return self.shared_in_locale.summary

    @property
    def shared_body(self):
        return self.shared_in_locale.body
