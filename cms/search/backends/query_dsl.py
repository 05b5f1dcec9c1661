"""The request bodies Elasticsearch and OpenSearch both read: the index mapping, the documents as
stored, and the query, filters, sorts and facet aggregations of a search.

OpenSearch forked from Elasticsearch 7.10 and both still speak this part of the DSL alike, so
one module builds it for both backends (cms.search.backends.server). Facets follow the embedded
backend: filters go in a post_filter, so they narrow the hits but not the aggregations, and each
facet's aggregation sits under a filter of every filter group except its own. User text only
ever reaches the server as the words of match queries (cms.search.text.words of it), never as
query syntax.
"""

from functools import partial

from django.conf import settings

from .. import text
from ..query import (
    FACET_FILTERS,
    FILTERS,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    RANGE_FACETS,
    RENT_FILTERS,
    RENT_TENURES,
    TERM_FACETS,
    day_end,
    day_start,
    kommun_slugs,
)
from .base import TERMS_PER_WORD, range_label

MAX_WORDS = 12  # as many query words as the embedded backend reads
TOP_TERMS = 50  # open-ended facets (occupation) list this many values, as the embedded backend does
KEYWORDS = (
    *("doc_type", "language", "kommun", "tenure", "category", "occupation", "employment_type"),
    *("occupation_group", "working_hours"),
)
KEYWORD_LISTS = ("audiences", "spoken", "job_languages")  # "|a|b|" in the documents, one keyword per value here
INTEGERS = ("object_id", "rooms", "monthly_rent", "asking_price", "living_area", "price", "commute_minutes")
FLOATS = ("school_km",)
DATES = ("date", "end", "posted")
BOOLEANS = ("free", "remote")
#: Facets whose values are whatever the documents hold: the most common are counted.
OPEN_ENDED = ("occupation", "occupation_group")

TERMS_FILTERS = {
    "tenure": "tenure",
    "category": "category",
    "occupation": "occupation",
    "employment_type": "employment_type",
    "occupation_group": "occupation_group",
    "working_hours": "working_hours",
    "type": "doc_type",
    "audience": "audiences",
    "spoken": "spoken",
}
RANGE_FILTERS = {
    "rooms_min": ("rooms", "gte"),
    "rooms_max": ("rooms", "lte"),
    "rent_min": ("monthly_rent", "gte"),
    "rent_max": ("monthly_rent", "lte"),
    "price_min": ("asking_price", "gte"),
    "price_max": ("asking_price", "lte"),
    "area_min": ("living_area", "gte"),
    "area_max": ("living_area", "lte"),
    "school_km_max": ("school_km", "lte"),
    "commute_max": ("commute_minutes", "lte"),
}
SORT_FIELDS = {"price": "price", "date": "date", "area": "living_area", "relevance": "date"}


# --- indices ---------------------------------------------------------------------
def index_settings():
    # One shard by default: facet counts and the top occupations are exact, and the data is small.
    # The window admits the deepest page the API allows.
    return {
        "number_of_shards": settings.ELASTICSEARCH_SHARDS,
        "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
        "max_result_window": MAX_PAGE * MAX_PAGE_SIZE,
    }


def mappings():
    """The one mapping of every index: the same in all languages, as the words arrive stemmed."""
    properties = {
        # Terms stemmed by cms.search.text, split on spaces only; prefixes indexed for the word being typed.
        "terms": {"type": "text", "analyzer": "whitespace", "index_prefixes": {"min_chars": 2, "max_chars": 5}},
        "location": {"type": "geo_point"},
        "card": {"type": "object", "enabled": False},  # returned as stored, never searched
    }
    for names, kind in (
        (KEYWORDS + KEYWORD_LISTS, "keyword"),
        (INTEGERS, "integer"),
        (FLOATS, "float"),
        (DATES, "date"),
        (BOOLEANS, "boolean"),
    ):
        properties.update({name: {"type": kind} for name in names})
    return {"dynamic": "strict", "properties": properties}


def index_action(document, target, op_type="index", alias=True):
    # An alias that vanished (a rebuild's -next, switched away) is an error to ignore, never a new index.
    return {
        "_op_type": op_type,
        "_index": target,
        "_id": f"{document['doc_type']}-{document['object_id']}",
        "_source": _stored(document),
        "require_alias": alias,
    }


def _stored(document):
    """What the server stores of a document: the mapped fields only (the mapping is strict)."""
    body = {
        name: document[name]
        for name in (*KEYWORDS, *INTEGERS, *FLOATS, *DATES, *BOOLEANS)
        if document.get(name) is not None
    }
    for name in KEYWORD_LISTS:
        if document.get(name) is not None:
            body[name] = [value for value in document[name].split("|") if value]
    if document.get("latitude") is not None and document.get("longitude") is not None:
        body["location"] = {"lat": document["latitude"], "lon": document["longitude"]}
    body["terms"] = document["terms"]
    body["card"] = document["card"]
    return body


# --- queries ---------------------------------------------------------------------
def search_request(query):
    """The body of the search for a parsed SearchQuery, and {facet: reader of its aggregation's result}."""
    filters = _filter_groups(query)
    facets = _facet_aggregations(query)
    text_clauses = _text_clauses(query, query.language)
    body = {
        "query": {"bool": {"must": text_clauses, "filter": _base_filters(query)}},
        "post_filter": _all_of(filters.values()),
        "aggs": _counted_under_filters(facets, filters),
        "sort": _sort_clauses(query, bool(text_clauses)),
        "from": query.offset,
        "size": query.page_size,
        "track_total_hits": True,
        "_source": ["card"],
    }
    return body, {facet: read for facet, (_aggregation, read) in facets.items()}


def _text_clauses(query, language):
    """Every word must match, as the embedded backend matches it: its stem, allowing typos that keep
    the first letter, or the word as typed; the last word may also be the start of a term. [] without words."""
    words = text.words(query.q)[:MAX_WORDS]
    last = len(words) - 1
    return [
        _word_match(word, text.stem(word, language), prefix=position == last and len(word) >= 2)
        for position, word in enumerate(words)
    ]


def _word_match(word, stem, prefix):
    alternatives = [
        {
            "fuzzy": {
                "terms": {
                    "value": stem,
                    "fuzziness": text.typo_limit(stem),
                    "prefix_length": 1,
                    "max_expansions": TERMS_PER_WORD,
                    "transpositions": False,  # a swap is two edits, as in cms.search.text.edit_distance
                }
            }
        },
        {"term": {"terms": word}},
    ]
    if prefix:  # one letter would match nearly everything, so it only counts as a whole word
        alternatives.append({"prefix": {"terms": word}})
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def _base_filters(query):
    """What limits both hits and facet counts (the embedded backend's base conditions)."""
    base = []
    if len(query.kommuner) == 1:  # one kommun's site: its facets count only that kommun
        base.append({"term": {"kommun": query.kommuner[0]}})
    if query.within_km is not None:
        base.append({"geo_distance": {"distance": f"{float(query.within_km)}km", "location": _point(query.near)}})
    return base


def _filter_groups(query):
    """{filter group: clause}: the groups of columns.filter_masks, so a facet can leave out its own,
    plus several kommuner (the embedded backend counts those with a query of its own)."""
    f, groups = query.filters, {}
    if len(query.kommuner) > 1:
        groups["kommun"] = {"terms": {"kommun": list(query.kommuner)}}
    for name, field in TERMS_FILTERS.items():
        if f.get(name):
            groups[name] = {"terms": {field: list(f[name])}}  # any of the values (audience, spoken: any shared)
    for name, (field, op) in RANGE_FILTERS.items():
        if f.get(name) is not None:
            groups[name] = {"range": {field: {op: f[name]}}}
            if name in RENT_FILTERS:
                groups[name] = _all_of([{"terms": {"tenure": list(RENT_TENURES)}}, groups[name]])
    if f.get("available_by"):
        groups["available_by"] = {"range": {"date": {"lte": day_end(f["available_by"]).isoformat()}}}
    if f.get("date_from"):
        start = day_start(f["date_from"]).isoformat()
        # Still going on that day: ends then or later, or, without an end, starts then or later.
        groups["date_from"] = {
            "bool": {
                "minimum_should_match": 1,
                "should": [
                    {"range": {"end": {"gte": start}}},
                    {
                        "bool": {
                            "must_not": [{"exists": {"field": "end"}}],
                            "filter": [{"range": {"date": {"gte": start}}}],
                        }
                    },
                ],
            }
        }
    if f.get("date_to"):
        groups["date_to"] = {"range": {"date": {"lte": day_end(f["date_to"]).isoformat()}}}
    for name in BOOLEANS:
        if f.get(name) is not None:
            groups[name] = {"term": {name: bool(f[name])}}
    if f.get("speaks"):
        groups["speaks"] = _requires_only(f["speaks"])
    return groups


def _requires_only(spoken):
    """Jobs that require no language outside `spoken` (and those that require none)."""
    languages = next(p.choices for p in FILTERS["job"] if p.name == "speaks")
    others = [code for code in languages if code not in spoken]
    return {"bool": {"must_not": [{"terms": {"job_languages": others}}]}} if others else {"match_all": {}}


def _all_of(clauses):
    return {"bool": {"filter": list(clauses)}}


def _point(near):
    latitude, longitude = near
    return {"lat": latitude, "lon": longitude}


def _sort_clauses(query, has_text):
    tie = {"object_id": {"order": "asc"}}
    if query.sort == "distance":
        return [{"_geo_distance": {"location": _point(query.near), "order": "asc", "unit": "km"}}, tie]
    if query.sort == "newest":  # the most recently published first
        return [{"posted": {"order": "desc", "missing": "_last"}}, tie]
    field = SORT_FIELDS[query.sort.lstrip("-")]
    by_field = {field: {"order": "desc" if query.sort.startswith("-") else "asc", "missing": "_last"}}
    if query.sort == "relevance" and has_text:
        return [{"_score": {"order": "desc"}}, by_field, tie]
    return [by_field, tie]


# --- facets ----------------------------------------------------------------------
def _facet_aggregations(query):
    """{facet: (aggregation, reader of its result)}, in the embedded backend's order: term facets,
    then range facets, then the open-ended occupation."""
    doc_type, facets = query.doc_type, {}
    for facet, field in TERM_FACETS[doc_type].items():
        if facet == "kommun" and len(query.kommuner) == 1:
            continue
        if facet in BOOLEANS:
            facets[facet] = ({"filter": {"term": {facet: True}}}, _free_count)
        elif facet == "speaks":
            values = next(p for p in FILTERS[doc_type] if p.name == facet).choices
            facets[facet] = (
                {"filters": {"filters": {value: _requires_only([value]) for value in values}}},
                partial(_filtered_counts, values),
            )
        elif facet == "rooms":
            facets[facet] = _range_facet(field, [(str(n), n, n + 1) for n in range(1, 5)] + [("5+", 5, None)])
        elif facet not in OPEN_ENDED:
            values = (
                kommun_slugs() if facet == "kommun" else next(p for p in FILTERS[doc_type] if p.name == facet).choices
            )
            facets[facet] = (
                {"terms": {"field": field, "include": list(values), "size": len(values)}},
                partial(_zero_filled, values),
            )
    for facet, (field, ranges) in RANGE_FACETS.get(doc_type, {}).items():
        facets[facet] = _range_facet(field, [(range_label(low, high), low, high) for low, high in ranges])
    for facet in OPEN_ENDED:
        if facet in TERM_FACETS[doc_type]:
            facets[facet] = (
                {
                    "terms": {
                        "field": facet,
                        "size": TOP_TERMS,
                        "exclude": [""],
                        "order": [{"_count": "desc"}, {"_key": "asc"}],
                    }
                },
                _top_terms,
            )
    return facets


def _counted_under_filters(facets, filters):
    """Each facet counted under every filter group but the ones it ignores (query.FACET_FILTERS)."""
    return {
        facet: {
            "filter": _all_of(
                clause for group, clause in filters.items() if group not in FACET_FILTERS.get(facet, {facet})
            ),
            "aggs": {"counts": aggregation},
        }
        for facet, (aggregation, _read) in facets.items()
    }


def _range_facet(field, buckets):
    """Buckets of (label, low, high): low inclusive, high exclusive, either may be open."""
    ranges = [
        {"key": label, **({"from": low} if low is not None else {}), **({"to": high} if high is not None else {})}
        for label, low, high in buckets
    ]
    return {"range": {"field": field, "ranges": ranges}}, partial(_zero_filled, [label for label, _, _ in buckets])


def _zero_filled(values, result):
    counts = {bucket["key"]: bucket["doc_count"] for bucket in result.get("buckets", [])}
    return [{"value": value, "count": counts.get(value, 0)} for value in values]


def _filtered_counts(values, result):
    buckets = result.get("buckets", {})
    return [{"value": value, "count": buckets.get(value, {}).get("doc_count", 0)} for value in values]


def _free_count(result):
    return [{"value": True, "count": result.get("doc_count", 0)}]


def _top_terms(result):
    # Like the embedded backend: the top values as counted, of which empty ones are not shown.
    return [{"value": b["key"], "count": b["doc_count"]} for b in result.get("buckets", []) if b["key"]]
