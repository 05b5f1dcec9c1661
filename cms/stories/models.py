from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.base.blocks import BodyBlock
from cms.base.chooser_widgets import PublicFaceImageChooser
from cms.base.forms import PageForm
from cms.export.declarations import ExportedPage
from cms.home.models import DriverTaggedMixin

from .blocks import external_video
from .forms import StoryForm


class StoryIndexPage(ExportedPage, Page):
    """The list of a kommun's stories of people who moved there."""

    base_form_class = PageForm

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    export_template = "stories.html"
    export_fields = ("intro",)
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count_per_parent = 1

    @classmethod
    def template_context(cls, page, pages):
        """The index lists its stories."""
        return {"children": pages.children(page["key"])}

    class Meta:
        verbose_name = _("story index")


class StoryPage(ExportedPage, DriverTaggedMixin, Page):
    """One person's or family's move, told with a video (or a virtual tour) and quotes."""

    base_form_class = StoryForm

    person = models.CharField(_("who"), max_length=120)
    moved_from = models.CharField(_("moved from"), max_length=80, blank=True)
    year_moved = models.PositiveSmallIntegerField(_("year moved"), null=True, blank=True)
    summary = models.TextField(_("summary"))
    image = models.ForeignKey("base.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    video_url = models.URLField(
        _("video"), blank=True, help_text=_("A YouTube or Vimeo address; shown after the visitor clicks to load it.")
    )
    body = StreamField(BodyBlock(), use_json_field=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("person"), FieldPanel("moved_from"), FieldPanel("year_moved")], heading=_("Who")),
        FieldPanel("summary"),
        FieldPanel("image", widget=PublicFaceImageChooser),
        FieldPanel("video_url"),
        FieldPanel("body"),
        FieldPanel("drivers", widget=forms.CheckboxSelectMultiple),
    ]
    export_template = "story.html"
    export_fields = ("summary", "image", "body", "drivers", "person", "moved_from", "year_moved", "video_url")
    api_fields = [
        APIField("person"),
        APIField("moved_from"),
        APIField("year_moved"),
        APIField("summary"),
        APIField("image"),
        APIField("video_url"),
        APIField("body"),
        APIField("drivers"),
    ]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("story")

    def export_data(self, context):
        """The page's fields; its video link also as the click-to-load player's addresses."""
        data = super().export_data(context)
        data["external_video"] = external_video(self.video_url)
        return data
