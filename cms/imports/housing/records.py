"""One feed record turned into a validated `HousingListing` (new, or the one it already became), or the
sentence saying why it was skipped.

A record passes the same rules an editor's form does: the model's `full_clean()` (types,
lengths, a rental's rent, coordinates inside Norrbotten) and the translation rows' rules
(a Swedish text, every language once). Nothing is saved here.
"""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import slugify

from cms.base.models import validate_translation_rows
from cms.base.site_config import KNOWN_LANGUAGES
from cms.housing.models import HousingListing, HousingListingTranslation

from .readers import column_of
from .schema import (
    FACT_FIELDS,
    FIELDS,
    TEXT_FIELDS,
    as_text,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_tenure,
    text_field_name,
)

PARSERS = {"text": as_text, "integer": parse_integer, "decimal": parse_decimal, "date": parse_date}


class Rejected(Exception):
    """A record that cannot become a listing; the message lists its problems, each naming the field."""


@dataclass
class Prepared:
    """A valid listing ready to save, and whether saving it changes anything."""

    listing: HousingListing
    new: bool
    changed: bool
    photos: list | None = None  # the feed's photos of the home (None: the feed names none; the listing keeps its own)


class RecordBuilder:
    """Builds the listings of one feed of one kommun, with what every record needs looked up once."""

    def __init__(self, feed, kommun, source, existing, neighbourhoods, photos=None):
        self.feed, self.kommun, self.source = feed, kommun, source
        self.photos = photos  # FeedPhotos, which reads each photo the feed names once
        self.existing = existing  # source_id -> HousingListing (translations prefetched)
        self.neighbourhoods = neighbourhoods  # slug -> Neighbourhood of this kommun
        self.words = {
            field: {word.strip().casefold(): ours for word, ours in table.items()}
            for field, table in feed.values.items()
        }

    def label(self, name):
        """A field as messages name it: ours, and their column or key when it is called otherwise."""
        column = column_of(self.feed, name)
        if column == name:
            return name
        return f'{name} ({"column" if self.feed.format == "csv" else "key"} "{column}")'

    def values(self, record):
        """The record's raw values with the feed's defaults filling what it leaves empty."""
        values = dict(record.values)
        for name, default in self.feed.defaults.items():
            if _empty(values.get(name)):
                values[name] = default
        return values

    def build(self, source_id, values):
        """The listing for one record's values; `Rejected` naming every problem when it is not valid."""
        problems = []
        facts = {}
        for field in FACT_FIELDS:
            raw = values.get(field.name)
            if _empty(raw):
                if field.required:
                    problems.append(f"{self.label(field.name)} has no value")
                facts[field.name] = None
                continue
            try:
                facts[field.name] = self._parse(field, raw)
            except ValueError as exc:
                problems.append(f"{self.label(field.name)}: {exc}")
        texts = self._texts(values, problems)
        photos = None
        if self.photos is not None and not _empty(values.get("images")):
            try:
                photos = self.photos.photos(values.get("images"))
            except ValueError as exc:
                problems.append(f"{self.label('images')}: {exc}")
        if problems:
            raise Rejected("; ".join(problems))
        listing = self.existing.get(source_id)
        new = listing is None
        if new:
            listing = HousingListing(source=self.source, source_id=source_id)
        model_values = {
            "kommun": self.kommun,
            "address": facts["address"],
            "neighbourhood": facts["neighbourhood"],
            "latitude": facts["latitude"],
            "longitude": facts["longitude"],
            "tenure": facts["tenure"],
            "rooms": facts["rooms"],
            "living_area_m2": facts["living_area_m2"],
            "monthly_rent_sek": facts["monthly_rent_sek"],
            "asking_price_sek": facts["asking_price_sek"],
            "available_from": facts["available_from"],
            "landlord": facts["landlord"],
            "landlord_url": facts["landlord_url"] or "",
        }
        changed = (
            new
            or any(_differs(listing, name, value) for name, value in model_values.items())
            or ({row.language_code: (row.title, row.description) for row in listing.translations.all()} != texts)
        )
        if changed:
            for name, value in model_values.items():
                setattr(listing, name, value)
            listing.translations = self._rows(listing, texts)
            self._validate(listing)
        return Prepared(listing, new, changed, photos)

    def _parse(self, field, raw):
        if field.kind == "tenure":
            return parse_tenure(raw, self.words.get("tenure", {}))
        if field.kind == "neighbourhood":
            text = as_text(raw)
            slug = slugify(self.words.get("neighbourhood", {}).get(text.casefold(), text))
            if slug not in self.neighbourhoods:
                raise ValueError(
                    f'"{text}" is not a neighbourhood of {self.kommun.name} (its neighbourhoods are '
                    f"{', '.join(sorted(self.neighbourhoods)) or 'none yet'}; their names for them go under "
                    f"values.neighbourhood in the kommun's sites/ file)"
                )
            return self.neighbourhoods[slug]
        return PARSERS[field.kind](raw)

    def _texts(self, values, problems):
        """language -> (title, description), for every language the record has any text in."""
        texts = {}
        for language in KNOWN_LANGUAGES:
            row = {}
            for name in TEXT_FIELDS:
                field = text_field_name(name, language)
                try:
                    row[name] = as_text(values.get(field))
                except ValueError as exc:
                    problems.append(f"{self.label(field)}: {exc}")
                    row[name] = ""
                else:
                    if not row[name] and FIELDS[field].required:
                        problems.append(f"{self.label(field)} has no value")
            if any(row.values()) or FIELDS[text_field_name("description", language)].required:
                texts[language] = (row["title"], row["description"])
        return texts

    @staticmethod
    def _rows(listing, texts):
        """The listing's translation rows for `texts`, reusing its existing rows so they keep their ids."""
        existing = {row.language_code: row for row in listing.translations.all()} if listing.pk else {}
        rows = []
        for language, (title, description) in texts.items():
            row = existing.get(language) or HousingListingTranslation(language_code=language)
            row.title, row.description = title, description
            rows.append(row)
        return rows

    def _validate(self, listing):
        problems = []
        try:
            listing.full_clean()
        except ValidationError as exc:
            problems += [
                f"{'' if field == NON_FIELD_ERRORS else self.label(_feed_name(field)) + ': '}{_sentences(messages)}"
                for field, messages in exc.message_dict.items()
            ]
        try:
            validate_translation_rows(listing)
        except ValidationError as exc:
            problems.append(_sentences(exc.messages))
        for row in listing.translations.all():
            try:
                row.full_clean(exclude=["listing", "sort_order"], validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                problems += [
                    f"{self.label(text_field_name(field, row.language_code))}: {_sentences(messages)}"
                    for field, messages in exc.message_dict.items()
                ]
        if problems:
            raise Rejected("; ".join(problems))


def _differs(listing, name, value):
    if name in ("kommun", "neighbourhood"):  # by id, without fetching the related row
        return getattr(listing, f"{name}_id") != (value.pk if value is not None else None)
    return getattr(listing, name) != value


def _feed_name(model_field):
    return "id" if model_field == "source_id" else model_field


def _sentences(messages):
    return "; ".join(str(message).rstrip(".") for message in messages)


def _empty(value):
    return value is None or (isinstance(value, str) and not value.strip())
