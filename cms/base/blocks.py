"""StreamField blocks shared by topic pages, stories and the move guide."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.export.blocks import list_item
from cms.stories.blocks import VideoBlock, VirtualTourBlock

from .chooser_widgets import ImageChooserBlock, PageChooserBlock
from .rich_text import RichTextBlock


class ImageBlock(blocks.StructBlock):
    """An image with a caption and a credit (alt text comes from the image itself)."""

    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=255)
    credit = blocks.CharBlock(required=False, max_length=255, help_text=_("Overrides the image's own credit."))

    class Meta:
        icon = "image"

    def export(self, value, context):
        """The image (gathered once per site), its caption and credit."""
        return {
            "image": context.image(value.get("image"), "image"),
            "caption": value.get("caption", ""),
            "credit": value.get("credit", ""),
        }


class FactBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80)
    value = blocks.CharBlock(max_length=80)


class FactBoxBlock(blocks.StructBlock):
    """A few short facts in a box ("40 km to the mountains")."""

    heading = blocks.CharBlock(required=False, max_length=120)
    facts = blocks.ListBlock(FactBlock(), min_num=1)

    class Meta:
        icon = "list-ul"

    def export(self, value, context):
        return {"heading": value.get("heading", ""), "facts": [list_item(item) for item in value["facts"]]}


class CallToActionBlock(blocks.StructBlock):
    """A named button-like link; its name lets experiments count clicks on it."""

    text = blocks.CharBlock(max_length=120)
    page = PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False)
    name = blocks.CharBlock(
        required=False, max_length=60, help_text=_("A short id for measuring clicks, e.g. 'contact-coordinator'.")
    )

    class Meta:
        icon = "link"

    def clean(self, value):
        result = super().clean(value)
        if not result.get("page") and not result.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": blocks.BlockValidationError(_("Choose a page or give a link."))}
            )
        return result

    def export(self, value, context):
        """One link (the page's URL on the site in its language, else the address given) and its name."""
        return {
            "text": value["text"],
            "name": value.get("name") or "",
            "href": context.page_url(value.get("page")) or value.get("url") or "",
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class BodyBlock(blocks.StreamBlock):
    """The body of topic pages and stories."""

    paragraph = RichTextBlock(features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    video = VideoBlock()
    facts = FactBoxBlock()
    call_to_action = CallToActionBlock()
    virtual_tour = VirtualTourBlock()
    quote = QuoteBlock()
