"""The canonical schema of a housing feed: our field names, their types, and how a value is read.

`cms/imports/FEEDS.md` documents the same fields for the landlords and kommuner who write
feeds; a feed in another shape is mapped onto these names in `sites/<slug>.toml`.
Parsing turns one raw value (text from a CSV cell, or a JSON value) into the value the
`HousingListing` field takes, or raises `ValueError` with the reason as a phrase.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from cms.base.site_config import KNOWN_LANGUAGES, SOURCE_LANGUAGE
from cms.housing.models import TENURES

TENURE_VALUES = tuple(code for code, _label in TENURES)


@dataclass(frozen=True)
class FeedField:
    """One canonical field: its name in a feed, the kind of value, and whether every record needs it."""

    name: str
    kind: str  # text | integer | decimal | date | tenure | neighbourhood | images
    required: bool = False


FACT_FIELDS = (
    FeedField("id", "text", required=True),
    FeedField("address", "text", required=True),
    FeedField("neighbourhood", "neighbourhood"),
    FeedField("latitude", "decimal", required=True),
    FeedField("longitude", "decimal", required=True),
    FeedField("tenure", "tenure", required=True),
    FeedField("rooms", "integer", required=True),
    FeedField("living_area_m2", "integer", required=True),
    FeedField("monthly_rent_sek", "integer"),
    FeedField("asking_price_sek", "integer"),
    FeedField("available_from", "date"),
    FeedField("landlord", "text", required=True),
    FeedField("landlord_url", "text"),
)
#: The prose fields, per language: `description` is Swedish (required), `description_en` English, ...
TEXT_FIELDS = ("title", "description")


def text_field_name(field, language):
    """`description` for Swedish, the source language; `description_en` and so on for the others."""
    return field if language == SOURCE_LANGUAGE else f"{field}_{language}"


TRANSLATED_FIELDS = tuple(
    FeedField(text_field_name(name, language), "text", required=(name == "description" and language == SOURCE_LANGUAGE))
    for language in KNOWN_LANGUAGES
    for name in TEXT_FIELDS
)
#: The home's photos: URLs or files beside the feed (cms/imports/housing/photos.py).
IMAGES_FIELD = FeedField("images", "images")
FIELDS = {f.name: f for f in (*FACT_FIELDS, IMAGES_FIELD, *TRANSLATED_FIELDS)}
FIELD_NAMES = tuple(FIELDS)


def as_text(value):
    """A raw value as stripped text ("" for an empty cell or a JSON null)."""
    if value is None:
        return ""
    if isinstance(value, (bool, list, dict)):
        raise ValueError(f"{_shown(value)} is not a text or a number")
    return str(value).strip()


def parse_integer(value):
    """A whole number; spaces between thousands ("8 200") and a zero decimal part ("8200,00") are allowed."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = "".join(as_text(value).split()).replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{_shown(value)} is not a whole number") from None
    if number != number.to_integral_value():
        raise ValueError(f"{_shown(value)} is not a whole number")
    return int(number)


def parse_decimal(value):
    """A decimal number, with a decimal point or a Swedish decimal comma ("65,3172")."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(Decimal("".join(as_text(value).split()).replace(",", ".")))
    except InvalidOperation:
        raise ValueError(f"{_shown(value)} is not a number") from None


def parse_date(value):
    """An ISO 8601 date (2027-01-31), or a date and time of which the date is kept."""
    text = as_text(value)
    for parse in (date.fromisoformat, lambda t: datetime.fromisoformat(t).date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise ValueError(f"{_shown(value)} is not a date of the form 2027-01-31")


def parse_tenure(value, words):
    """Our tenure for the feed's word: through the feed's `values.tenure` table, or our own word."""
    text = as_text(value)
    tenure = words.get(text.casefold(), text.casefold())
    if tenure not in TENURE_VALUES:
        raise ValueError(
            f"{_shown(value)} is not a known tenure (ours are {', '.join(TENURE_VALUES)}; "
            f"their words go under values.tenure in the kommun's sites/ file)"
        )
    return tenure


def _shown(value):
    text = value if isinstance(value, str) else repr(value)
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'
