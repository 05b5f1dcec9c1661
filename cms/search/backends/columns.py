"""Filters, facet counts and sorting for the embedded backend, on columns held in memory.

Counting facets in SQL costs about a microsecond per matching row and facet bucket, so a
region-wide search over 50,000 homes took 60 ms. Here each search language's documents are
numpy arrays, loaded once per process from the index table and reloaded when the index's
version changes (every write bumps it, in the same transaction), so a filter is one vector
comparison and a facet one `bincount`. The database still does the full-text matching.
"""

import math
import threading
from dataclasses import dataclass

import numpy as np

from ..query import FILTERS, RANGE_FACETS, RENT_FILTERS, RENT_TENURES, TERM_FACETS, day_end, day_start, kommun_slugs
from .base import EARTH_RADIUS_KM, range_label

NUMBERS = (
    "object_id",
    "rooms",
    "monthly_rent",
    "asking_price",
    "living_area",
    "price",
    "date",
    "end",
    "school_km",
    "commute_minutes",
    "latitude",
    "longitude",
    "free",
    "remote",
    "posted",
)
#: Text, as small integers.
CODES = (
    "doc_type",
    "kommun",
    "tenure",
    "category",
    "occupation",
    "employment_type",
    "occupation_group",
    "working_hours",
)
BITS = ("audiences", "spoken", "job_languages")  # "|a|b|": one bit per known value
#: Where a bit column's known values are declared: (document type, filter).
BIT_VALUES = {
    "audiences": ("activity", "audience"),
    "spoken": ("activity", "spoken"),
    "job_languages": ("job", "speaks"),
}
SELECT = ("id", *NUMBERS, *CODES, *BITS)
#: Facets whose values are whatever the documents hold (not a fixed list): the most common are counted.
OPEN_ENDED = ("occupation", "occupation_group")
#: The columns each type has; the others are left out of the query and filled with "unknown".
USED = {
    "housing": {
        "id",
        "object_id",
        "rooms",
        "monthly_rent",
        "asking_price",
        "living_area",
        "price",
        "date",
        "school_km",
        "commute_minutes",
        "latitude",
        "longitude",
        "doc_type",
        "kommun",
        "tenure",
    },
    "activity": {
        "id",
        "object_id",
        "price",
        "date",
        "end",
        "latitude",
        "longitude",
        "free",
        "doc_type",
        "kommun",
        "category",
        "audiences",
        "spoken",
    },
    "job": {
        "id",
        "object_id",
        "date",
        "posted",
        "latitude",
        "longitude",
        "doc_type",
        "kommun",
        "occupation",
        "employment_type",
        "occupation_group",
        "working_hours",
        "job_languages",
        "remote",
    },
    "page": {"id", "object_id", "doc_type", "kommun"},
}


def selected(doc_types):
    """The columns worth reading for these types, in SELECT's order."""
    used = set().union(*(USED[t] for t in doc_types))
    return [name for name in SELECT if name in used]


def _bit_values(column):
    doc_type, spec = BIT_VALUES[column]
    return next(p.choices for p in FILTERS[doc_type] if p.name == spec)


@dataclass
class Columns:
    """Every document of some types in one language, one array per column, ordered by id."""

    arrays: dict
    codes: dict  # column -> list of its values (the code is the index)

    @classmethod
    def load(cls, rows, names=SELECT):
        """From rows of the columns `names` (in SELECT's order), dates as epoch seconds; columns
        not read are unknown (NaN, an empty code, no bits). Column by column rather than row by row."""
        columns = dict(zip(names, zip(*rows))) if rows else {}
        count = len(rows)
        arrays, codes = {}, {}
        for name in SELECT:
            values = columns.get(name)
            if values is None:  # not a column of these types
                arrays[name] = np.full(count, math.nan) if name in NUMBERS else np.zeros(count, dtype=np.int64)
                if name in CODES:
                    codes[name] = [""]
                continue
            if name == "id":
                arrays[name] = np.array(values, dtype=np.int64)
            elif name in NUMBERS:
                column = np.array(values, dtype=object)
                column[np.equal(column, None)] = math.nan
                arrays[name] = column.astype(np.float64)
            elif name in CODES:
                index = {}
                arrays[name] = np.array([index.setdefault(value, len(index)) for value in values], dtype=np.int32)
                codes[name] = list(index)
            else:
                bits = {value: 1 << i for i, value in enumerate(_bit_values(name))}
                by_text = {}
                arrays[name] = np.array(
                    [
                        by_text[value]
                        if value in by_text
                        else by_text.setdefault(
                            value, sum(bits.get(part, 0) for part in (value or "").split("|") if part)
                        )
                        for value in values
                    ],
                    dtype=np.int64,
                )
        return cls(arrays, codes)

    def subset(self, rows):
        """The same columns for some rows only (the codes stay the same)."""
        return Columns({name: values[rows] for name, values in self.arrays.items()}, self.codes)

    def __len__(self):
        return len(self.arrays["id"])

    def code_mask(self, column, values):
        known = self.codes[column]
        wanted = [known.index(v) for v in values if v in known]
        return np.isin(self.arrays[column], wanted)

    def bit_mask(self, column, values):
        bits = {value: 1 << i for i, value in enumerate(_bit_values(column))}
        wanted = sum(bits.get(v, 0) for v in values)
        return (self.arrays[column] & wanted) != 0

    def subset_mask(self, column, values):
        """Rows whose values are all among `values` (none at all included): a job whose required
        languages the visitor all speaks."""
        bits = {value: 1 << i for i, value in enumerate(_bit_values(column))}
        allowed = sum(bits.get(v, 0) for v in values)
        return (self.arrays[column] & ~allowed) == 0


class ColumnCache:
    """Values loaded for one index version (Columns per types and language, or recent matches),
    shared by a process's threads; at most `limit` of them, then it starts again."""

    def __init__(self, limit=None):
        self.lock = threading.Lock()
        self.limit = limit
        self.version = None
        self.loaded = {}

    def forget(self):
        with self.lock:
            self.version, self.loaded = None, {}

    def get(self, version, key, load):
        with self.lock:
            if version != self.version or (self.limit and len(self.loaded) >= self.limit and key not in self.loaded):
                self.version, self.loaded = version, {}
            if key not in self.loaded:
                self.loaded[key] = load()
            return self.loaded[key]


def great_circle_km(columns, near):
    """Great-circle km from `near` (haversine on the mean earth radius, as base.distance_km and
    Elasticsearch's arc distance), NaN where a place is unknown."""
    latitude, longitude = map(np.radians, near)
    lat, lon = np.radians(columns.arrays["latitude"]), np.radians(columns.arrays["longitude"])
    h = np.sin((lat - latitude) / 2) ** 2 + np.cos(latitude) * np.cos(lat) * np.sin((lon - longitude) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))


def filter_masks(columns, query):
    """{filter group: boolean mask}, one per group, so each facet can leave out its own."""
    a, f, masks = columns.arrays, query.filters, {}

    def add(group, mask):
        masks[group] = masks[group] & mask if group in masks else mask

    for name, column in (
        ("tenure", "tenure"),
        ("category", "category"),
        ("occupation", "occupation"),
        ("employment_type", "employment_type"),
        ("occupation_group", "occupation_group"),
        ("working_hours", "working_hours"),
        ("type", "doc_type"),
    ):
        if f.get(name):
            add(name, columns.code_mask(column, f[name]))
    for name, column in (("audience", "audiences"), ("spoken", "spoken")):
        if f.get(name):
            add(name, columns.bit_mask(column, f[name]))
    for name, column, compare in (
        ("rooms_min", "rooms", np.greater_equal),
        ("rooms_max", "rooms", np.less_equal),
        ("rent_min", "monthly_rent", np.greater_equal),
        ("rent_max", "monthly_rent", np.less_equal),
        ("price_min", "asking_price", np.greater_equal),
        ("price_max", "asking_price", np.less_equal),
        ("area_min", "living_area", np.greater_equal),
        ("area_max", "living_area", np.less_equal),
        ("school_km_max", "school_km", np.less_equal),
        ("commute_max", "commute_minutes", np.less_equal),
    ):
        if f.get(name) is not None:
            add(name, compare(a[column], f[name]))  # NaN (unknown) never passes, as NULL in SQL
            if name in RENT_FILTERS:
                add(name, columns.code_mask("tenure", RENT_TENURES))
    if f.get("available_by"):
        add("available_by", a["date"] <= day_end(f["available_by"]).timestamp())
    if f.get("date_from"):
        until = np.where(np.isnan(a["end"]), a["date"], a["end"])
        add("date_from", until >= day_start(f["date_from"]).timestamp())
    if f.get("date_to"):
        add("date_to", a["date"] <= day_end(f["date_to"]).timestamp())
    if f.get("free") is not None:
        add("free", a["free"] == float(bool(f["free"])))
    if f.get("speaks"):
        add("speaks", columns.subset_mask("job_languages", f["speaks"]))
    if f.get("remote") is not None:
        add("remote", a["remote"] == float(bool(f["remote"])))
    return masks


def facet_buckets(doc_type):
    """{facet: [(value, (column, kind, argument))]} for the facets counted from known values."""
    facets = {}
    for facet, column in TERM_FACETS[doc_type].items():
        if facet in OPEN_ENDED or facet == "kommun":
            continue  # counted separately
        if facet in ("free", "remote"):
            facets[facet] = [(True, (column, "equal", 1.0))]
        elif facet == "rooms":
            facets[facet] = [(str(n), ("rooms", "range", (n, n + 1))) for n in range(1, 5)] + [
                ("5+", ("rooms", "range", (5, None)))
            ]
        else:
            values = next(p for p in FILTERS[doc_type] if p.name == facet).choices
            kind = "subset" if facet == "speaks" else "bit" if column in BITS else "code"
            facets[facet] = [(value, (column, kind, value)) for value in values]
    for facet, (column, ranges) in RANGE_FACETS.get(doc_type, {}).items():
        facets[facet] = [(range_label(low, high), (column, "range", (low, high))) for low, high in ranges]
    return facets


def bucket_mask(columns, bucket):
    column, kind, argument = bucket
    values = columns.arrays[column]
    if kind == "equal":
        return values == argument
    if kind == "code":
        return columns.code_mask(column, [argument])
    if kind == "bit":
        return columns.bit_mask(column, [argument])
    if kind == "subset":
        return columns.subset_mask(column, [argument])
    low, high = argument
    mask = np.ones(len(values), dtype=bool) if low is None else values >= low
    return mask if high is None else mask & (values < high)


def top_values(columns, column, mask, limit=50):
    """The most common non-empty values under `mask`: [(value, count)], by count, then value."""
    counts = np.bincount(columns.arrays[column][mask], minlength=len(columns.codes[column]))
    pairs = [(value, int(count)) for value, count in zip(columns.codes[column], counts) if count and value]
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))[:limit]


def kommun_counts(columns, mask):
    counts = np.bincount(columns.arrays["kommun"][mask], minlength=len(columns.codes["kommun"]))
    by_slug = dict(zip(columns.codes["kommun"], (int(c) for c in counts)))
    return [{"value": slug, "count": by_slug.get(slug, 0)} for slug in kommun_slugs()]


def order(columns, indices, query, rank=None):
    """`indices` sorted as the query asks: missing values last, ties by object id."""
    a = columns.arrays
    tie = a["object_id"][indices]

    def nulls_last(values, descending=False):
        missing = np.isnan(values)
        key = np.where(missing, 0.0, -values if descending else values)
        return [key, missing]  # lexsort reads keys last to first

    if query.sort == "distance":
        keys = nulls_last(great_circle_km(columns, query.near)[indices])
    elif query.sort == "relevance" and rank is not None:
        keys = [*nulls_last(a["date"][indices]), rank[indices]]
    else:
        if query.sort == "newest":  # the most recently published first
            keys = nulls_last(a["posted"][indices], descending=True)
        else:
            column = {"price": "price", "date": "date", "area": "living_area", "relevance": "date"}[
                query.sort.lstrip("-")
            ]
            keys = nulls_last(a[column][indices], descending=query.sort.startswith("-"))
    return indices[np.lexsort([tie, *keys])]
