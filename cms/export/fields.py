"""A declared field of a page exported by its kind: the default of `ExportedPage.export_data`."""

from django.core.exceptions import FieldDoesNotExist
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model

from .blocks import export_stream


def export_field(instance, name, context):
    """The value of `instance.name` as the static site uses it: a stream's blocks exported, rich
    text with links pointed at the site, an image as its id (gathered once per site), tags as slugs."""
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return getattr(instance, name)  # a property, e.g. GuidePhasePage.phase_number
    if isinstance(field, StreamField):
        return export_stream(field.stream_block, getattr(instance, name).raw_data, context)
    if isinstance(field, RichTextField):
        return context.rich_text(getattr(instance, name))
    if field.many_to_many:
        return context.related_slugs(instance, name)
    if field.is_relation and field.related_model is get_image_model():
        return context.image(getattr(instance, field.attname), str(field.verbose_name))
    if field.is_relation:
        return getattr(instance, field.attname)
    return getattr(instance, name)
