from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.base.blocks import BodyBlock
from cms.base.chooser_widgets import PublicFaceImageChooser
from cms.export.declarations import ExportedPage
from cms.home.models import DriverTaggedMixin
from cms.stories.captions import CaptionedVideosForm

TOPICS = [
    ("nature", _("Nature")),
    ("culture", _("Culture")),
    ("work", _("Work")),
    ("schools", _("Schools")),
    ("healthcare", _("Healthcare")),
    ("community", _("Community")),
    ("language", _("Learning Swedish")),
    ("getting-here", _("Getting here")),
    ("other", _("Other")),
]


class TopicPage(ExportedPage, DriverTaggedMixin, Page):
    """What life is like in one respect: nature, culture, work, schools, healthcare..."""

    base_form_class = CaptionedVideosForm

    topic = models.CharField(_("topic"), max_length=20, choices=TOPICS)
    intro = models.TextField(_("introduction"))
    image = models.ForeignKey("base.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = StreamField(BodyBlock(), use_json_field=True)

    content_panels = Page.content_panels + [
        FieldPanel("topic"),
        FieldPanel("intro"),
        FieldPanel("image", widget=PublicFaceImageChooser),
        FieldPanel("body"),
        FieldPanel("drivers", widget=forms.CheckboxSelectMultiple),
    ]
    export_template = "topic.html"
    export_fields = ("intro", "image", "body", "drivers", "topic")
    api_fields = [APIField("topic"), APIField("intro"), APIField("image"), APIField("body"), APIField("drivers")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("topic page")
