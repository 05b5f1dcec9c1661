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

    @classmethod
    def template_context(cls, page, pages):
        """The home page's sections: top picks, the newest homes, activities and jobs, the stories, topics and
        move-guide phases; every open job for "jobs for your profession" (cms.jobs.blocks)."""
        housing, activities, jobs = pages.data["housing"], pages.data["activities"], pages.data["jobs"]
        return {
            "top_picks": top_picks(pages),
            "housing": housing[:3],
            "activities": activities[:3],
            "stories": pages.of_type("storypage"),
            "topics": pages.of_type("topicpage"),
            "jobs": jobs[:3],
            "phases": pages.of_type("guidephasepage"),
            "jobs_count": len(jobs),
            "open_jobs": jobs,
        }

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "topics.TopicPage",
        "stories.StoryIndexPage",
        "guide.GuidePage",
        "region.SharedContentPage",
    ]

    class Meta:
        verbose_name = _("kommun home page")


def top_picks(pages):
    """ "Top picks for you": the content tagged with drivers; the visitor's choice reorders it on the device."""
    picks = []
    for kind in ("topicpage", "storypage", "sharedcontentpage"):
        for page in pages.of_type(kind):
            picks.append(
                {
                    "kind": kind,
                    "title": page["title"],
                    "url": page["url"],
                    "summary": page["data"].get("intro") or page["data"].get("summary", ""),
                    "drivers": page["data"].get("drivers", []),
                    "image": page["data"].get("image"),
                    "text_language": page["text_language"],
                }
            )
    for activity in pages.data["activities"][:6]:
        picks.append(
            {
                "kind": "activity",
                "title": activity["title"],
                "url": activity["url"],
                "summary": activity["description"],
                "drivers": activity["drivers"],
                "image": None,
                "text_language": activity["text_language"],
            }
        )
    return [pick for pick in picks if pick["drivers"]]


class DriverTaggedMixin(models.Model):
    """Content tagged with the migrants' drivers feeds "Top picks for you"."""

    drivers = ParentalManyToManyField("base.Driver", blank=True, related_name="+")

    class Meta:
        abstract = True
