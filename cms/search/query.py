"""Search parameters: their definitions, their validation, and the parsed query.

The definitions here are the single source for validating a request (a 400 that
names the parameter), for the facets each backend computes, and for the OpenAPI
document, so the three cannot drift apart.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache

from cms.activities.forms import AUDIENCE_CHOICES, SPOKEN_LANGUAGE_CODES
from cms.activities.models import CATEGORIES
from cms.base.site_config import KNOWN_LANGUAGES, SOURCE_LANGUAGE
from cms.base.times import STOCKHOLM
from cms.housing.models import MONTHLY_TENURES, TENURES
from cms.jobs.models import EMPLOYMENT_TYPES, WORKING_HOURS

MAX_PAGE_SIZE = 50
MAX_PAGE = 500  # deeper than anyone pages by hand; keeps OFFSET cheap
MAX_QUERY_LENGTH = 200


class QueryError(ValueError):
    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # text, int, number, date, choice, list, bool, point
    description: str
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None
    default: object = None


def _codes(choices):
    return tuple(code for code, _label in choices)


@lru_cache(maxsize=1)
def kommun_slugs():
    from cms.base.site_config import broken_sites, site_configs

    # A kommun whose site file is broken is still a kommun: asked for by name, it answers 503.
    return tuple(sorted({*site_configs(), *broken_sites()}))


COMMON = [
    Param(
        "kommun",
        "list",
        "One or more kommuner (comma-separated slugs, e.g. pitea,lulea); the whole region when absent.",
        choices=("<kommun>",),
    ),
    Param(
        "language",
        "choice",
        "The language of the results and of the text search.",
        choices=KNOWN_LANGUAGES,
        default=SOURCE_LANGUAGE,
    ),
    Param(
        "q",
        "text",
        "Free text: stemmed per language, tolerant of typos, the last word matched as a prefix (search as you type).",
    ),
    Param(
        "near",
        "point",
        "A point as latitude,longitude (e.g. 65.3172,21.4794): adds each hit's distance and allows sort=distance.",
    ),
    Param("within_km", "number", "Only hits within this many km of `near`.", minimum=0.1, maximum=500),
    Param("page", "int", "The page of results, from 1.", minimum=1, maximum=MAX_PAGE, default=1),
    Param("page_size", "int", f"Hits per page, at most {MAX_PAGE_SIZE}.", minimum=1, maximum=MAX_PAGE_SIZE, default=20),
]

FILTERS = {
    "housing": [
        Param(
            "tenure",
            "list",
            "Rental, tenant-owned flat, house for sale or room (comma-separated).",
            choices=_codes(TENURES),
        ),
        Param("rooms_min", "int", "At least this many rooms.", minimum=1, maximum=20),
        Param("rooms_max", "int", "At most this many rooms.", minimum=1, maximum=20),
        Param(
            "rent_min",
            "int",
            "Monthly rent at least (SEK); only homes rented by the month have one.",
            minimum=0,
            maximum=100_000,
        ),
        Param(
            "rent_max",
            "int",
            "Monthly rent at most (SEK); homes for sale (a tenant-owned flat's monthly fee is no rent) never match.",
            minimum=0,
            maximum=100_000,
        ),
        Param("price_min", "int", "Asking price at least (SEK).", minimum=0, maximum=100_000_000),
        Param("price_max", "int", "Asking price at most (SEK).", minimum=0, maximum=100_000_000),
        Param("area_min", "int", "Living area at least (m²).", minimum=0, maximum=1000),
        Param("area_max", "int", "Living area at most (m²).", minimum=0, maximum=1000),
        Param("available_by", "date", "Available to move in on or before this date (YYYY-MM-DD)."),
        Param("school_km_max", "number", "The nearest school at most this many km away.", minimum=0, maximum=100),
        Param("commute_max", "int", "At most this many minutes to the town centre.", minimum=0, maximum=300),
    ],
    "activity": [
        Param("date_from", "date", "Happening on or after this date (YYYY-MM-DD)."),
        Param("date_to", "date", "Starting on or before this date (YYYY-MM-DD)."),
        Param("category", "list", "Categories (comma-separated).", choices=_codes(CATEGORIES)),
        Param("audience", "list", "For any of these audiences (comma-separated).", choices=_codes(AUDIENCE_CHOICES)),
        Param(
            "spoken",
            "list",
            "Held in any of these languages (comma-separated codes).",
            choices=tuple(SPOKEN_LANGUAGE_CODES),
        ),
        Param("free", "bool", "Only free activities (true or false)."),
    ],
    "job": [
        Param("occupation", "list", "Occupations (comma-separated, as the facet lists them)."),
        Param("employment_type", "list", "Employment types (comma-separated).", choices=_codes(EMPLOYMENT_TYPES)),
        Param("occupation_group", "list", "Occupation groups (comma-separated, as the facet lists them)."),
        Param("working_hours", "list", "Full-time or part-time (comma-separated).", choices=_codes(WORKING_HOURS)),
        Param(
            "speaks",
            "list",
            "The languages you speak (comma-separated codes): only jobs that require no other language.",
            choices=tuple(SPOKEN_LANGUAGE_CODES),
        ),
        Param("remote", "bool", "Only jobs that can be done remotely (true or false)."),
    ],
    "all": [
        Param(
            "type",
            "list",
            "Only these kinds of result (comma-separated): homes, activities, jobs, the site's pages.",
            choices=("housing", "activity", "job", "page"),
        ),
    ],
}

SORTS = {
    "housing": ("relevance", "price", "-price", "date", "distance", "area", "-area"),
    "activity": ("relevance", "date", "price", "distance"),
    "job": ("relevance", "date", "newest", "distance"),
    "all": ("relevance", "date", "distance"),
}

#: Facets per document type: a filter's name, and its buckets (values or ranges).
RANGE_FACETS = {
    "housing": {
        "rent": ("monthly_rent", [(None, 6000), (6000, 9000), (9000, 12000), (12000, None)]),
        "area": ("living_area", [(None, 40), (40, 70), (70, 100), (100, None)]),
        "price": (
            "asking_price",
            [(None, 1_000_000), (1_000_000, 2_000_000), (2_000_000, 3_000_000), (3_000_000, None)],
        ),
    },
}
TERM_FACETS = {
    "housing": {"kommun": "kommun", "tenure": "tenure", "rooms": "rooms"},
    "activity": {
        "kommun": "kommun",
        "category": "category",
        "audience": "audiences",
        "spoken": "spoken",
        "free": "free",
    },
    "job": {
        "kommun": "kommun",
        "occupation": "occupation",
        "employment_type": "employment_type",
        "occupation_group": "occupation_group",
        "working_hours": "working_hours",
        "speaks": "job_languages",
        "remote": "remote",
    },
    "all": {"kommun": "kommun", "type": "doc_type"},
}
#: Which filters a facet ignores when counting (so a visitor sees what choosing another value would give).
FACET_FILTERS = {
    "kommun": {"kommun"},
    "tenure": {"tenure"},
    "rooms": {"rooms_min", "rooms_max"},
    "rent": {"rent_min", "rent_max"},
    "area": {"area_min", "area_max"},
    "price": {"price_min", "price_max"},
    "category": {"category"},
    "audience": {"audience"},
    "spoken": {"spoken"},
    "free": {"free"},
    "occupation": {"occupation"},
    "employment_type": {"employment_type"},
    "occupation_group": {"occupation_group"},
    "working_hours": {"working_hours"},
    "speaks": {"speaks"},
    "remote": {"remote"},
    "type": {"type"},
}


#: A rent filter answers with homes rented by the month only, whatever a document's columns say.
RENT_FILTERS = ("rent_min", "rent_max")
RENT_TENURES = tuple(code for code, _label in TENURES if code in MONTHLY_TENURES)


def params_for(doc_type):
    sort = Param(
        "sort", "choice", "The order of the hits; distance needs `near`.", choices=SORTS[doc_type], default="relevance"
    )
    return [*COMMON, sort, *FILTERS[doc_type]]


@dataclass
class SearchQuery:
    doc_type: str  # housing, activity, job, or all
    language: str = SOURCE_LANGUAGE
    kommuner: list = field(default_factory=list)
    q: str = ""
    filters: dict = field(default_factory=dict)
    near: tuple | None = None
    within_km: float | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


def parse(doc_type, data):
    """A SearchQuery from request parameters; QueryError names the first bad parameter."""
    specs = {p.name: p for p in params_for(doc_type)}
    unknown = sorted(set(data) - set(specs))
    if unknown:
        raise QueryError(unknown[0], f"Unknown parameter {unknown[0]!r}; this endpoint takes: {', '.join(specs)}.")
    values = {}
    for name, spec in specs.items():
        raw = data.get(name)
        raw = raw.strip() if isinstance(raw, str) else raw
        if raw is None or raw == "":  # an empty or blank value is the parameter left out, as a form sends it
            if spec.default is not None:
                values[name] = spec.default
            continue
        values[name] = _convert(spec, raw)
    if "within_km" in values and "near" not in values:
        raise QueryError("within_km", "within_km needs near=latitude,longitude.")
    if values.get("sort") == "distance" and "near" not in values:
        raise QueryError("sort", "sort=distance needs near=latitude,longitude.")
    common = {p.name for p in COMMON} | {"sort"}
    return SearchQuery(
        doc_type=doc_type,
        language=values["language"],
        kommuner=values.get("kommun", []),
        q=values.get("q", ""),
        filters={k: v for k, v in values.items() if k not in common},
        near=values.get("near"),
        within_km=values.get("within_km"),
        sort=values["sort"],
        page=values["page"],
        page_size=values["page_size"],
    )


def _convert(spec, raw):
    name = spec.name
    if spec.kind == "text":
        if len(raw) > MAX_QUERY_LENGTH:
            raise QueryError(name, f"{name} is longer than {MAX_QUERY_LENGTH} characters.")
        return raw
    if spec.kind in ("int", "number"):
        try:
            value = int(raw) if spec.kind == "int" else float(raw)
        except ValueError:
            raise QueryError(
                name, f"{name} must be {'a whole number' if spec.kind == 'int' else 'a number'}, not {raw!r}."
            ) from None
        if (
            not math.isfinite(value)
            or (spec.minimum is not None and value < spec.minimum)
            or (spec.maximum is not None and value > spec.maximum)
        ):
            raise QueryError(name, f"{name} must be between {spec.minimum:g} and {spec.maximum:g}, not {raw!r}.")
        return value
    if spec.kind == "date":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise QueryError(name, f"{name} must be a date as YYYY-MM-DD, not {raw!r}.") from None
    if spec.kind == "bool":
        if raw.lower() not in ("true", "false", "1", "0"):
            raise QueryError(name, f"{name} must be true or false, not {raw!r}.")
        return raw.lower() in ("true", "1")
    if spec.kind == "choice":
        if raw not in spec.choices:
            raise QueryError(name, f"{name} must be one of {', '.join(spec.choices)}, not {raw!r}.")
        return raw
    if spec.kind == "list":
        items = [item.strip() for item in raw.split(",") if item.strip()]
        allowed = kommun_slugs() if name == "kommun" else spec.choices
        bad = [item for item in items if allowed and item not in allowed]
        if bad:
            raise QueryError(name, f"{name} has unknown value {bad[0]!r}; allowed: {', '.join(allowed)}.")
        if len(items) > 50 or any(len(item) > 120 for item in items):
            raise QueryError(name, f"{name} has too many or too long values.")
        return items
    if spec.kind == "point":
        try:
            latitude, longitude = (float(part) for part in raw.split(","))
        except ValueError:
            raise QueryError(name, f"{name} must be latitude,longitude (e.g. 65.3172,21.4794), not {raw!r}.") from None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise QueryError(name, f"{name} is not a point on Earth: {raw!r}.")
        return (latitude, longitude)
    raise AssertionError(spec.kind)


def day_start(value):
    return datetime.combine(value, time(), tzinfo=STOCKHOLM)


def day_end(value):
    return datetime.combine(value, time(23, 59, 59), tzinfo=STOCKHOLM)
