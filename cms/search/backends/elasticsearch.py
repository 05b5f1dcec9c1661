"""The Elasticsearch backend: the same answers as the embedded one, from a search server.

Layout: one index per document type and language, reached through an alias
(`<prefix>-housing-sv`) that points at a concrete, timestamped index. A rebuild fills
fresh indices and then moves every alias in one atomic call, so searches keep
answering from the old indices until the new ones are complete.

Each language gets Elasticsearch's own analyzer for that language, so words match in
other forms. The index holds the listing's original words (the document's title,
its whole description, address, place...: documents' `text`), not the pre-stemmed `terms` the embedded backend
matches on: stemming twice would mangle words.

Facets follow the embedded backend: filters go in a post_filter, so they narrow the
hits but not the aggregations, and each facet's aggregation sits under a filter of
every filter group except its own. User text only ever reaches Elasticsearch as the
words of match queries (cms.search.text.words of it), never as query syntax.
"""
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache, partial
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from elasticsearch import ConnectionError as EsConnectionError
from elasticsearch import ConnectionTimeout, Elasticsearch
from elasticsearch.helpers import bulk

from cms.base.site_config import KNOWN_LANGUAGES

from .. import text
from ..documents import DOC_TYPES
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
from .base import TERMS_PER_WORD, SearchBackend, SearchResult, doc_types, hit, range_label

ANALYZERS = {"sv": "swedish", "en": "english", "de": "german", "nl": "dutch", "fi": "finnish"}
FUZZINESS = "AUTO:4,8"  # the edits cms.search.text.typo_limit allows
MAX_WORDS = 12  # as many query words as the embedded backend reads
TOP_TERMS = 50  # open-ended facets (occupation) list this many values, as the embedded backend does
KEYWORDS = ("doc_type", "language", "kommun", "tenure", "category", "occupation", "employment_type")
KEYWORD_LISTS = ("audiences", "spoken")  # "|a|b|" in the documents, one keyword per value here
INTEGERS = ("object_id", "rooms", "monthly_rent", "asking_price", "living_area", "price", "commute_minutes")
FLOATS = ("school_km",)
DATES = ("date", "end")
BOOLEANS = ("free",)

TERMS_FILTERS = {"tenure": "tenure", "category": "category", "occupation": "occupation",
                 "employment_type": "employment_type", "type": "doc_type", "audience": "audiences", "spoken": "spoken"}
RANGE_FILTERS = {"rooms_min": ("rooms", "gte"), "rooms_max": ("rooms", "lte"),
                 "rent_min": ("monthly_rent", "gte"), "rent_max": ("monthly_rent", "lte"),
                 "price_min": ("asking_price", "gte"), "price_max": ("asking_price", "lte"),
                 "area_min": ("living_area", "gte"), "area_max": ("living_area", "lte"),
                 "school_km_max": ("school_km", "lte"), "commute_max": ("commute_minutes", "lte")}
SORT_FIELDS = {"price": "price", "date": "date", "area": "living_area", "relevance": "date"}


class SearchUnavailable(RuntimeError):
    """Elasticsearch could not be reached; the API answers 503 and the microsites fall back."""


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url, client=None):
        self.url = url
        self.client = client or _connect(url)
        self.prefix = getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "norrbotten")
        self._ready = set()  # aliases known to exist, so indexing checks each only once

    def alias(self, doc_type, language):
        return f"{self.prefix}-{doc_type}-{language}"

    # --- writing -----------------------------------------------------------------
    def index(self, documents):
        documents = list(documents)
        with self._reachable():
            self._ensure_aliases({d["doc_type"] for d in documents})
            actions = [*(_index_action(d, self.alias(d["doc_type"], d["language"])) for d in documents),
                       *self._dropped_languages(documents)]
            bulk(self.client, actions, ignore_status=404)
        return len(documents)

    def replace_kommun(self, kommun, documents):
        """Index the kommun's documents, then delete what of it was not among them."""
        documents = list(documents)
        self.index(documents)
        keep = [f"{d['doc_type']}-{d['object_id']}" for d in documents]
        with self._reachable():
            self.client.delete_by_query(
                index=",".join(self.alias(t, lang) for t in DOC_TYPES for lang in KNOWN_LANGUAGES),
                ignore_unavailable=True, refresh=True,
                query={"bool": {"filter": [{"term": {"kommun": kommun}}], "must_not": [{"ids": {"values": keep}}]}})
        return len(documents)

    def remove(self, doc_type, object_id):
        with self._reachable():
            bulk(self.client, self._deletes(doc_type, object_id, KNOWN_LANGUAGES), ignore_status=404)

    def rebuild(self, documents):
        aliases = {self.alias(t, lang): lang for t in DOC_TYPES for lang in KNOWN_LANGUAGES}
        stamp = _timestamp()
        fresh = {alias: f"{alias}-{stamp}" for alias in aliases}
        with self._reachable():
            old = self._aliased_indices(aliases)
            for alias, index in fresh.items():
                self.client.indices.create(index=index, mappings=_mappings(aliases[alias]), settings=_index_settings())
            try:
                count, _errors = bulk(
                    self.client, (_index_action(d, fresh[self.alias(d["doc_type"], d["language"])]) for d in documents))
                self.client.indices.refresh(index=",".join(fresh.values()))
                self.client.indices.update_aliases(actions=_switch(old, fresh))
            except Exception:  # the old indices still answer; don't leave the half-built ones behind
                self.client.options(ignore_status=404).indices.delete(index=",".join(fresh.values()))
                raise
            stale = [index for indices in old.values() for index in indices]
            if stale:
                self.client.indices.delete(index=",".join(stale))
            self._ready.update(aliases)
        return count

    def _ensure_aliases(self, doc_types):
        """Create any missing index of these types, in every language: indexing to a missing alias
        would make Elasticsearch create a plain index of that name, with guessed mappings."""
        wanted = {self.alias(t, lang): lang for t in doc_types for lang in KNOWN_LANGUAGES}
        missing = set(wanted) - self._ready
        if not missing:
            return
        existing = self._aliased_indices(missing)
        stamp = _timestamp()
        for alias in sorted(missing - set(existing)):
            self.client.indices.create(index=f"{alias}-{stamp}", mappings=_mappings(wanted[alias]),
                                       settings=_index_settings(), aliases={alias: {}})
        self._ready.update(missing)

    def _aliased_indices(self, aliases):
        """{alias: [concrete index, ...]} for those of `aliases` that exist."""
        body = self.client.options(ignore_status=404).indices.get_alias(name=",".join(sorted(aliases))).body
        found = {}
        for index, entry in sorted(body.items()):
            if isinstance(entry, dict):  # a 404 for some names also carries "error" and "status"
                for alias in entry.get("aliases", {}):
                    if alias in aliases:
                        found.setdefault(alias, []).append(index)
        return found

    def _dropped_languages(self, documents):
        """Deletes for the languages a listing no longer has: replacing a listing replaces all of it."""
        languages = {}
        for d in documents:
            languages.setdefault((d["doc_type"], d["object_id"]), set()).add(d["language"])
        for (doc_type, object_id), present in languages.items():
            yield from self._deletes(doc_type, object_id, [lang for lang in KNOWN_LANGUAGES if lang not in present])

    def _deletes(self, doc_type, object_id, languages):
        return [{"_op_type": "delete", "_index": self.alias(doc_type, lang), "_id": f"{doc_type}-{object_id}"}
                for lang in languages]

    # --- reading -----------------------------------------------------------------
    def search(self, query):
        filters = _filters(query)
        facets = _facets(query)
        text_clauses = _text_clauses(query)
        with self._reachable():
            body = self.client.search(
                index=",".join(self.alias(t, query.language) for t in doc_types(query)),
                ignore_unavailable=True,  # nothing indexed yet: no hits rather than an error
                query={"bool": {"must": text_clauses, "filter": _base_filters(query)}},
                post_filter=_all_of(filters.values()),
                aggs=_aggregations(facets, filters),
                sort=_sort(query, bool(text_clauses)),
                from_=query.offset, size=query.page_size, track_total_hits=True, source=["card"],
            ).body
        aggregations = body.get("aggregations", {})  # absent when no index exists yet
        total = body["hits"]["total"]["value"]
        counted = {facet: read(aggregations.get(facet, {}).get("counts", {})) for facet, (_aggregation, read) in facets.items()}
        if len(query.kommuner) == 1:  # as the embedded backend: one kommun's site counts only that kommun
            counted = {"kommun": [{"value": query.kommuner[0], "count": total}], **counted}
        return SearchResult(total=total, hits=[hit(found["_source"]["card"], query) for found in body["hits"]["hits"]],
                            facets=counted)

    @contextmanager
    def _reachable(self):
        try:
            yield
        except (EsConnectionError, ConnectionTimeout) as exc:
            raise SearchUnavailable(f"Elasticsearch at {_without_credentials(self.url)} could not be reached: {exc}") from exc


def _switch(old, fresh):
    """Alias actions moving every alias from its old indices to its fresh one, applied atomically in one call."""
    actions = []
    for alias, index in fresh.items():
        actions += [{"remove": {"index": stale, "alias": alias}} for stale in old.get(alias, [])]
        actions.append({"add": {"index": index, "alias": alias}})
    return actions


@cache
def _connect(url):
    """One client per URL: the API builds a backend per request, and the client holds the connection pool."""
    return Elasticsearch(url)


def _timestamp():
    """The suffix of a new concrete index: unique per rebuild, and sorts by age."""
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")


def _without_credentials(url):
    """The URL for an error message: user:password@ is left out, as that message gets logged."""
    parts = urlsplit(url)
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname or ""
    return urlunsplit(parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host))


# --- indices ---------------------------------------------------------------------
def _analyzer(language):
    if language == "pl":
        # "polish" comes with the analysis-stempel plugin; without it set ELASTICSEARCH_POLISH_ANALYZER = "standard".
        return getattr(settings, "ELASTICSEARCH_POLISH_ANALYZER", "polish")
    return ANALYZERS[language]


def _index_settings():
    # One shard: facet counts and the top occupations are exact, and the data is small.
    # The window admits the deepest page the API allows.
    return {"number_of_shards": 1, "max_result_window": MAX_PAGE * MAX_PAGE_SIZE}


def _mappings(language):
    words = _analyzer(language)
    properties = {
        "title": {"type": "text", "analyzer": words},
        "text": {"type": "text", "analyzer": words, "fields": {
            # Unstemmed words with indexed prefixes: the word still being typed matches as typed so far.
            "prefix": {"type": "text", "analyzer": "standard", "index_prefixes": {"min_chars": 2, "max_chars": 5}},
        }},
        "location": {"type": "geo_point"},
        "card": {"type": "object", "enabled": False},  # returned as stored, never searched
    }
    for names, kind in ((KEYWORDS + KEYWORD_LISTS, "keyword"), (INTEGERS, "integer"), (FLOATS, "float"),
                        (DATES, "date"), (BOOLEANS, "boolean")):
        properties.update({name: {"type": kind} for name in names})
    return {"dynamic": "strict", "properties": properties}


def _index_action(document, index):
    return {"_op_type": "index", "_index": index, "_id": f"{document['doc_type']}-{document['object_id']}",
            "_source": _source(document)}


def _source(document):
    """What Elasticsearch stores of a document: the mapped fields only (the mapping is strict)."""
    body = {name: document[name] for name in (*KEYWORDS, *INTEGERS, *FLOATS, *DATES, *BOOLEANS)
            if document.get(name) is not None}
    for name in KEYWORD_LISTS:
        if document.get(name) is not None:
            body[name] = [value for value in document[name].split("|") if value]
    if document.get("latitude") is not None and document.get("longitude") is not None:
        body["location"] = {"lat": document["latitude"], "lon": document["longitude"]}
    card = document["card"]
    body["title"] = document["title"]
    body["text"] = document["text"]
    body["card"] = card
    return body


# --- queries ---------------------------------------------------------------------
def _text_clauses(query):
    """Every word must match, allowing typos; the last may also be the start of a word. [] without words."""
    words = text.words(query.q)[:MAX_WORDS]
    if not words:
        return []
    *head, last = words
    last_word = _words_match([last])
    if len(last) >= 2:  # one letter would match nearly everything, so it only counts as a whole word
        last_word = {"bool": {"should": [last_word, {"match_bool_prefix": {"text.prefix": {"query": last}}}],
                              "minimum_should_match": 1}}
    return [_words_match(head), last_word] if head else [last_word]


def _words_match(words):
    # `text` holds the title too, so requiring all words in one field (operator "and") loses nothing.
    # A stop word analyses to nothing and then demands nothing (zero_terms_query "all").
    return {"multi_match": {
        "query": " ".join(words), "fields": ["title^2", "text"], "operator": "and", "fuzziness": FUZZINESS,
        "prefix_length": 1, "max_expansions": TERMS_PER_WORD,
        "fuzzy_transpositions": False,  # a swap is two edits, as in cms.search.text.edit_distance
        "zero_terms_query": "all",
    }}


def _base_filters(query):
    """What limits both hits and facet counts (the embedded backend's base conditions)."""
    base = []
    if len(query.kommuner) == 1:  # one kommun's site: its facets count only that kommun
        base.append({"term": {"kommun": query.kommuner[0]}})
    if query.within_km is not None:
        base.append({"geo_distance": {"distance": f"{float(query.within_km)}km", "location": _point(query.near)}})
    return base


def _filters(query):
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
        groups["date_from"] = {"bool": {"minimum_should_match": 1, "should": [
            {"range": {"end": {"gte": start}}},
            {"bool": {"must_not": [{"exists": {"field": "end"}}], "filter": [{"range": {"date": {"gte": start}}}]}},
        ]}}
    if f.get("date_to"):
        groups["date_to"] = {"range": {"date": {"lte": day_end(f["date_to"]).isoformat()}}}
    if f.get("free") is not None:
        groups["free"] = {"term": {"free": bool(f["free"])}}
    return groups


def _all_of(clauses):
    return {"bool": {"filter": list(clauses)}}


def _point(near):
    latitude, longitude = near
    return {"lat": latitude, "lon": longitude}


def _sort(query, has_text):
    tie = {"object_id": {"order": "asc"}}
    if query.sort == "distance":
        return [{"_geo_distance": {"location": _point(query.near), "order": "asc", "unit": "km"}}, tie]
    field = SORT_FIELDS[query.sort.lstrip("-")]
    by_field = {field: {"order": "desc" if query.sort.startswith("-") else "asc", "missing": "_last"}}
    if query.sort == "relevance" and has_text:
        return [{"_score": {"order": "desc"}}, by_field, tie]
    return [by_field, tie]


# --- facets ----------------------------------------------------------------------
def _facets(query):
    """{facet: (aggregation, reader of its result)}, in the embedded backend's order: term facets,
    then range facets, then the open-ended occupation."""
    doc_type, facets = query.doc_type, {}
    for facet, field in TERM_FACETS[doc_type].items():
        if facet == "kommun" and len(query.kommuner) == 1:
            continue
        if facet == "free":
            facets[facet] = ({"filter": {"term": {"free": True}}}, _free_count)
        elif facet == "rooms":
            facets[facet] = _range_facet(field, [(str(n), n, n + 1) for n in range(1, 5)] + [("5+", 5, None)])
        elif facet != "occupation":
            values = kommun_slugs() if facet == "kommun" else next(p for p in FILTERS[doc_type] if p.name == facet).choices
            facets[facet] = ({"terms": {"field": field, "include": list(values), "size": len(values)}},
                             partial(_zero_filled, values))
    for facet, (field, ranges) in RANGE_FACETS.get(doc_type, {}).items():
        facets[facet] = _range_facet(field, [(range_label(low, high), low, high) for low, high in ranges])
    if "occupation" in TERM_FACETS[doc_type]:
        facets["occupation"] = ({"terms": {"field": "occupation", "size": TOP_TERMS, "exclude": [""],
                                           "order": [{"_count": "desc"}, {"_key": "asc"}]}}, _top_terms)
    return facets


def _aggregations(facets, filters):
    """Each facet counted under every filter group but the ones it ignores (query.FACET_FILTERS)."""
    return {facet: {"filter": _all_of(clause for group, clause in filters.items()
                                      if group not in FACET_FILTERS.get(facet, {facet})),
                    "aggs": {"counts": aggregation}}
            for facet, (aggregation, _read) in facets.items()}


def _range_facet(field, buckets):
    """Buckets of (label, low, high): low inclusive, high exclusive, either may be open."""
    ranges = [{"key": label, **({"from": low} if low is not None else {}), **({"to": high} if high is not None else {})}
              for label, low, high in buckets]
    return {"range": {"field": field, "ranges": ranges}}, partial(_zero_filled, [label for label, _, _ in buckets])


def _zero_filled(values, result):
    counts = {bucket["key"]: bucket["doc_count"] for bucket in result.get("buckets", [])}
    return [{"value": value, "count": counts.get(value, 0)} for value in values]


def _free_count(result):
    return [{"value": True, "count": result.get("doc_count", 0)}]


def _top_terms(result):
    # Like the embedded backend: the top values as counted, of which empty ones are not shown.
    return [{"value": b["key"], "count": b["doc_count"]} for b in result.get("buckets", []) if b["key"]]
