"""The one small interface every search backend implements."""

import json
import math
from dataclasses import dataclass, field


@dataclass
class SearchResult:
    total: int
    hits: list  # result cards, each with "score" and, with `near`, "distance_km"
    facets: dict = field(default_factory=dict)  # {facet: [{"value": ..., "count": n}]}


class SearchBackend:
    name = "base"

    def search(self, query):
        """A SearchResult for a parsed SearchQuery."""
        raise NotImplementedError

    def index(self, documents):
        """Add or replace these documents (dicts from cms.search.documents)."""
        raise NotImplementedError

    def remove(self, doc_type, object_id):
        """Remove one listing's documents in every language."""
        raise NotImplementedError

    def replace_kommun(self, kommun, documents):
        """Make one kommun's documents exactly `documents` (what the nightly publish runs)."""
        raise NotImplementedError

    def rebuild(self, documents):
        """Replace the whole index with `documents` (an iterable); search keeps answering meanwhile.
        Returns the number of documents indexed."""
        raise NotImplementedError


def distance_km(a, b):
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


EARTH_RADIUS_KM = 6371.0088  # the mean radius, as Elasticsearch's arc distance uses
TERMS_PER_WORD = 5  # typo corrections tried per query word, in every backend


def doc_types(query):
    """The base set; a `type` filter on the whole-site search is a facet filter like any other."""
    return ["housing", "activity", "job", "page"] if query.doc_type == "all" else [query.doc_type]


def range_label(low, high):
    if low is None:
        return f"<{high}"
    if high is None:
        return f"{low}+"
    return f"{low}-{high - 1}"


def hit(card, query):
    """A result card as the API returns it: the stored card, plus the distance from `near`."""
    result = json.loads(card) if isinstance(card, str) else dict(card)
    if query.near and result.get("latitude") is not None:
        result["distance_km"] = round(distance_km(query.near, (result["latitude"], result["longitude"])), 1)
    return result
