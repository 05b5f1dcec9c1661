"""Every saved translation row of a listing notes the Swedish text it was saved against (see `listings`); a
deleted listing takes its notes along (a submitted activity erased with its sender leaves no copy of its text)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save

from .listings import TRANSLATED_LISTINGS, note_saved_row
from .models import ListingTranslationBaseline

#: Each listing's translation row model -> the name of its key to the listing.
PARENT_FIELDS = {
    model.translations.rel.related_model: model.translations.rel.field.name for model in TRANSLATED_LISTINGS
}


def _row_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        note_saved_row(instance, getattr(instance, PARENT_FIELDS[sender]))


for _row_model in PARENT_FIELDS:
    post_save.connect(_row_saved, sender=_row_model, dispatch_uid=f"translation-baseline-{_row_model.__name__}")


def _listing_deleted(sender, instance, **kwargs):
    ListingTranslationBaseline.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


for _model in TRANSLATED_LISTINGS:
    post_delete.connect(_listing_deleted, sender=_model, dispatch_uid=f"translation-baseline-delete-{_model.__name__}")
