"""Every saved translation row of a listing notes the Swedish text it was saved against (see `listings`)."""

from django.db.models.signals import post_save

from .listings import TRANSLATED_LISTINGS, note_saved_row

#: Each listing's translation row model -> the name of its key to the listing.
PARENT_FIELDS = {
    model.translations.rel.related_model: model.translations.rel.field.name for model in TRANSLATED_LISTINGS
}


def _row_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        note_saved_row(instance, getattr(instance, PARENT_FIELDS[sender]))


for _row_model in PARENT_FIELDS:
    post_save.connect(_row_saved, sender=_row_model, dispatch_uid=f"translation-baseline-{_row_model.__name__}")
