"""Approved, live activities as the static sites publish them (with their calendars)."""

from django.db.models import Prefetch

from cms.base.models import Driver
from cms.base.times import local_iso
from cms.export.declarations import rows, source_of
from cms.export.listings import ListingExport

from .models import Activity, ActivityTranslation, ModerationStatus


def public_activities(kommun):
    fields = [f.name for f in source_of(Activity).concrete_fields()]
    return (
        Activity.objects.filter(kommun=kommun, live=True, moderation_status=ModerationStatus.APPROVED)
        .only(*fields)
        .prefetch_related(Prefetch("translations", rows(ActivityTranslation)), Prefetch("drivers", rows(Driver)))
        .order_by("start", "pk")
    )


def entry(activity, context):
    language = context.language
    what = f"activity #{activity.pk}"
    edit = context.admin_url(f"snippets/activities/activity/edit/{activity.pk}/")
    text_language, texts = context.texts(activity, ("title", "description"), what)
    images = context.about(what, edit)
    return {
        "id": activity.pk,
        "slug": activity.source_id.rsplit(":", 1)[-1] if activity.source_id else str(activity.pk),
        "url": f"/{language}/activities/{activity.pk}/",
        "text_language": text_language,
        "title": texts["title"],
        "description": texts["description"],
        "category": activity.category,
        "audience": activity.audience,
        "languages": activity.languages,
        "place": activity.place,
        "latitude": activity.latitude,
        "longitude": activity.longitude,
        "start": local_iso(activity.start),
        "end": local_iso(activity.end),
        "recurrence": activity.recurrence,
        "until": activity.until.isoformat() if activity.until else None,
        "price_sek": activity.price_sek,
        "organiser": activity.organiser,
        "contact_email": activity.contact_email,
        "contact_phone": activity.contact_phone,
        "drivers": sorted(d.slug for d in activity.drivers.all()),
        "images": [images.image(block["value"], "images") for block in activity.images.raw_data],
        "admin_url": edit,
        "updated": activity.last_published_at.isoformat() if activity.last_published_at else None,
    }


LISTING = ListingExport("activities", public_activities, entry)
