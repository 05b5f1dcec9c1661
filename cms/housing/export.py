"""Housing listings as the static sites publish them, each with its neighbourhood."""

from django.db.models import Prefetch

from cms.export.declarations import rows, source_of
from cms.export.kommun import fallback_chain
from cms.export.listings import ListingExport

from .distances import centre_distance_km
from .models import HousingListing, HousingListingTranslation, Neighbourhood, NeighbourhoodTranslation


def public_listings(kommun):
    hood = [f"neighbourhood__{f.name}" for f in source_of(Neighbourhood).concrete_fields()]
    fields = [f.name for f in source_of(HousingListing).concrete_fields()]
    return (
        HousingListing.objects.filter(kommun=kommun, live=True)
        .select_related("neighbourhood")
        .only(*fields, *hood)
        .prefetch_related(
            Prefetch("translations", rows(HousingListingTranslation)),
            Prefetch("neighbourhood__translations", rows(NeighbourhoodTranslation)),
        )
        .order_by("pk")
    )


def _neighbourhood(hood, language):
    if hood is None:
        return {}
    texts = {row.language_code: row for row in hood.translations.all()}
    row = next((texts[c] for c in fallback_chain(language) if c in texts), None)
    return {
        "name": hood.name,
        "description": row.description if row else "",
        "text_language": row.language_code if row else language,
        "nature": row.nature if row else "",
        "services": row.services if row else "",
        "nearest_school": hood.nearest_school,
        "school_distance_km": float(hood.school_distance_km) if hood.school_distance_km is not None else None,
        "commute_minutes_to_centre": hood.commute_minutes_to_centre,
    }


def entry(listing, context):
    language = context.language
    what = f"housing listing {listing.address} (#{listing.pk})"
    edit = context.admin_url(f"snippets/housing/housinglisting/edit/{listing.pk}/")
    text_language, texts = context.texts(listing, ("title", "description"), what)
    images = context.about(what, edit)
    return {
        "id": listing.pk,
        "url": f"/{language}/housing/{listing.pk}/",
        "text_language": text_language,
        "title": texts["title"],
        "description": texts["description"],
        "address": listing.address,
        "tenure": listing.tenure,
        "rooms": listing.rooms,
        "living_area_m2": listing.living_area_m2,
        "monthly_rent_sek": listing.rent_sek,
        "monthly_fee_sek": listing.fee_sek,
        "asking_price_sek": listing.asking_price_sek,
        "available_from": listing.available_from.isoformat() if listing.available_from else None,
        "landlord": listing.landlord,
        "landlord_url": listing.landlord_url,
        "latitude": listing.latitude,
        "longitude": listing.longitude,
        "centre_distance_km": centre_distance_km(listing.latitude, listing.longitude, context.export.config),
        "neighbourhood": _neighbourhood(listing.neighbourhood, language),
        "images": [images.image(block["value"], "images") for block in listing.images.raw_data],
        "admin_url": edit,
        "updated": listing.last_published_at.isoformat() if listing.last_published_at else None,
    }


LISTING = ListingExport("housing", public_listings, entry)
