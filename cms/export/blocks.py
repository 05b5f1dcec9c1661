"""A StreamField block's stored value exported for the static site.

A block class of ours that needs more than its parts says how with an `export(value, context)`
method (`cms.base.blocks`), as Wagtail's blocks answer `get_api_representation`; Wagtail's own
kinds of block are exported here by kind. Values are the stored JSON (ids, not objects), so an
export fetches each image or document once per site, not once per use.
"""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


def export_block(block, value, context):
    """`value`, stored by `block`, as the templates read it."""
    own = getattr(block, "export", None)
    if own is not None:
        return own(value, context)
    if isinstance(block, blocks.StreamBlock):
        return export_stream(block, value, context)
    if isinstance(block, blocks.ListBlock):
        return [export_block(block.child_block, list_item(item), context) for item in value]
    if isinstance(block, blocks.StructBlock):
        parts = {
            name: export_block(child, value[name], context)
            for name, child in block.child_blocks.items()
            if name in value
        }
        return {**value, **parts}
    if isinstance(block, blocks.RichTextBlock):
        return context.rich_text(value)
    if isinstance(block, ImageChooserBlock):
        return context.image(value, block.name)
    if isinstance(block, DocumentChooserBlock):
        return context.document(value)
    if isinstance(block, blocks.PageChooserBlock):
        return context.page_url(value)
    return value


def export_stream(block, value, context):
    """A stream's children, each {"type", "value"} with its value exported by its own block."""
    children = block.child_blocks
    return [
        {"type": child["type"], "value": export_block(children[child["type"]], child["value"], context)}
        if child["type"] in children
        else {"type": child["type"], "value": child["value"]}
        for child in value
    ]


def list_item(item):
    """A ListBlock's stored item (newer Wagtail wraps each as {"type": "item", "value": ...})."""
    return item["value"] if isinstance(item, dict) and "type" in item and "value" in item else item
