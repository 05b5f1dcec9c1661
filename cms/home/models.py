from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page

from cms.base.chooser_widgets import PublicFaceImageChooser
from cms.base.forms import PageForm
from cms.export.declarations import ExportedPage

from .blocks import SECTION_BLOCKS


class HomePage(ExportedPage, Page):
    """A kommun's home page and the root of its microsite (one per language tree)."""

    base_form_class = PageForm

    hero_headline = models.CharField(_("hero headline"), max_length=160)
    hero_intro = models.TextField(_("hero introduction"), blank=True)
    hero_image = models.ForeignKey(
        "base.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_video_url = models.URLField(_("hero video"), blank=True)
    sections = StreamField(SECTION_BLOCKS, blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_headline"),
                FieldPanel("hero_intro"),
                FieldPanel("hero_image", widget=PublicFaceImageChooser),
                FieldPanel("hero_video_url"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("sections"),
    ]

    api_fields = [
        APIField("hero_headline"),
        APIField("hero_intro"),
        APIField("hero_image"),
        APIField("hero_image_thumbnail", serializer=ImageRenditionField("fill-640x360", source="hero_image")),
        APIField("hero_video_url"),
        APIField("sections"),
    ]

    def export_data(self, context):
        data = super().export_data(context)
        context.hero_image(self.hero_image_id, "hero image")  # cropped taller for phones, wider for desktops
        return data

    export_template = "home.html"
    export_fields = ("hero_headline", "hero_intro", "hero_image", "hero_video_url", "sections")

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "topics.TopicPage",
        "stories.StoryIndexPage",
        "guide.GuidePage",
        "region.SharedContentPage",
    ]

    class Meta:
        verbose_name = _("kommun home page")


class DriverTaggedMixin(models.Model):
    """Content tagged with the migrants' drivers feeds "Top picks for you"."""

    drivers = ParentalManyToManyField("base.Driver", blank=True, related_name="+")

    class Meta:
        abstract = True
