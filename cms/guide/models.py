from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.base.blocks import RICH_TEXT_FEATURES
from cms.base.forms import PageForm
from cms.base.rich_text import RichTextBlock
from cms.export.declarations import ExportedPage

#: Haparanda's lifecycle map: the six phases of a migrant's move, in order.
PHASES = [
    ("inventory", _("Inventory")),
    ("attract", _("Attract")),
    ("recruit", _("Recruit")),
    ("introduce", _("Introduce")),
    ("welcome", _("Welcome")),
    ("take-root", _("Take root")),
]


class StepBlock(blocks.StructBlock):
    """One practical step: what to do, which office is responsible, where to read more."""

    title = blocks.CharBlock(max_length=160)
    body = RichTextBlock(features=RICH_TEXT_FEATURES)
    office = blocks.CharBlock(max_length=120, help_text=_("The office responsible, e.g. Skatteverket."))
    url = blocks.URLBlock(required=False, help_text=_("The office's page about this step."))

    class Meta:
        icon = "tick"


class GuidePage(ExportedPage, Page):
    """The move guide of a kommun: the six lifecycle phases and its local help."""

    base_form_class = PageForm

    intro = models.TextField(_("introduction"))
    office_name = models.CharField(
        _("local welcome office"), max_length=160, help_text=_("The kommun's international house or city service.")
    )
    office_address = models.CharField(_("office address"), max_length=255, blank=True)
    office_url = models.URLField(_("office web page"), blank=True)
    local_note = models.TextField(_("how we help newcomers here"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("office_name"),
                FieldPanel("office_address"),
                FieldPanel("office_url"),
                FieldPanel("local_note"),
            ],
            heading=_("Local help"),
        ),
    ]
    export_template = "guide.html"
    export_fields = ("intro", "office_name", "office_address", "office_url", "local_note")
    api_fields = [
        APIField("intro"),
        APIField("office_name"),
        APIField("office_address"),
        APIField("office_url"),
        APIField("local_note"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guide.GuidePhasePage"]
    max_count_per_parent = 1

    @classmethod
    def template_context(cls, page, pages):
        """The guide lists its phases."""
        return {"children": pages.children(page["key"])}

    class Meta:
        verbose_name = _("move guide")


class GuidePhasePage(ExportedPage, Page):
    """One phase of the move (Inventory ... Take root) with its checklist of steps."""

    base_form_class = PageForm

    phase = models.CharField(_("phase"), max_length=20, choices=PHASES)
    intro = models.TextField(_("introduction"))
    steps = StreamField([("step", StepBlock())], use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("phase"), FieldPanel("intro"), FieldPanel("steps")]
    export_template = "phase.html"
    export_fields = ("phase", "phase_number", "intro", "steps")
    api_fields = [APIField("phase"), APIField("intro"), APIField("steps")]
    parent_page_types = ["guide.GuidePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("move guide phase")

    @classmethod
    def template_context(cls, page, pages):
        """A phase links the guide and the other phases (previous, next)."""
        return {"siblings": pages.children(page["parent_key"]), "parent": pages.page(page["parent_key"])}

    @property
    def phase_number(self):
        return [code for code, _label in PHASES].index(self.phase) + 1

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.pk else None
        if parent is not None:
            clash = GuidePhasePage.objects.child_of(parent).filter(phase=self.phase).exclude(pk=self.pk).exists()
            if clash:
                raise ValidationError({"phase": _("This guide already has a page for that phase.")})
