"""What a variant changes on its page: one block per kind of change a team may test.

A variant is the page as published plus a list of these changes, so a variant stays
small, says exactly what it tests, and follows later edits to everything it leaves alone.
Text changes are per language; an experiment runs in the languages every variant's text
changes are written in (see cms.experiments.variants).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.base.blocks import BodyBlock
from cms.base.chooser_widgets import ImageChooserBlock, PageChooserBlock
from cms.home.blocks import SECTION_KINDS

LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES


class HeadlineChange(blocks.StructBlock):
    """A new hero headline (the title on topic pages and stories) and, optionally, intro."""

    language = blocks.ChoiceBlock(choices=LANGUAGES)
    headline = blocks.CharBlock(max_length=160)
    intro = blocks.TextBlock(required=False, help_text=_("Leave empty to keep the page's own introduction."))

    class Meta:
        icon = "title"
        label = _("Hero headline")


class ImageChange(blocks.StructBlock):
    """A new hero image (the main image on topic pages and stories), in every language."""

    image = ImageChooserBlock()

    class Meta:
        icon = "image"
        label = _("Hero image")


class CallToActionChange(blocks.StructBlock):
    """New text and/or target for one named call to action on the page."""

    name = blocks.CharBlock(
        max_length=60,
        help_text=_(
            "The call to action's name: a named button in the page's body, or one of the home page's "
            "buttons: search-homes, all-activities, open-jobs."
        ),
    )
    language = blocks.ChoiceBlock(choices=LANGUAGES)
    text = blocks.CharBlock(max_length=120, required=False, help_text=_("Leave empty to keep the text."))
    page = PageChooserBlock(required=False, help_text=_("A new target page, or leave empty."))
    url = blocks.URLBlock(required=False, help_text=_("Or a new target address."))

    class Meta:
        icon = "link"
        label = _("Call to action")


class SectionsChange(blocks.StructBlock):
    """The home page's kinds of section in a new order; kinds left out are not shown (each kind's sections keep
    their own order)."""

    sections = blocks.ListBlock(blocks.ChoiceBlock(choices=SECTION_KINDS), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Order of sections")


class BodyChange(blocks.StructBlock):
    """A whole alternative body for a topic page or story, in one language."""

    language = blocks.ChoiceBlock(choices=LANGUAGES)
    body = BodyBlock()

    class Meta:
        icon = "doc-full"
        label = _("Alternative body")


class VariantChanges(blocks.StreamBlock):
    headline = HeadlineChange()
    image = ImageChange()
    call_to_action = CallToActionChange()
    sections = SectionsChange()
    body = BodyChange()

    class Meta:
        required = False
