"""The Elasticsearch backend: the same answers as the embedded one, from a search server.

Layout: one index per document type and language, reached through an alias
(`<prefix>-housing-sv`) that points at a concrete, timestamped index. A rebuild fills
fresh indices and then moves every alias in one atomic call, so searches keep
answering from the old indices until the new ones are complete.

Words are stemmed here, by cms.search.text (the Snowball stemmers of all six languages), and
the index holds those terms (documents' `terms`) under a whitespace analyzer, exactly as the
embedded backend matches them. So both engines read a word the same way, and every language
works on any Elasticsearch: the distribution on Maven Central has no language analyzers (no
analysis-common module), and the `polish` analyzer's analysis-stempel plugin is not published
there at all.

While a rebuild fills its fresh indices, each alias `<alias>-next` names them, and every write
goes there as well, so what changes during the rebuild is not lost at the switch; the rebuild's
own copies are only created where such a write has not already put a newer one.

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
from elasticsearch import ApiError, AuthenticationException, AuthorizationException, BadRequestError, Elasticsearch
from elasticsearch import ConnectionError as EsConnectionError
from elasticsearch.helpers import BulkIndexError, bulk, scan

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

NEXT = "-next"  # suffix of the alias naming a rebuild's fresh index while it is filled
FIRST = "-00000000000000000000"  # suffix of an alias's first index: the same name in every process
MAX_WORDS = 12  # as many query words as the embedded backend reads
TOP_TERMS = 50  # open-ended facets (occupation) list this many values, as the embedded backend does
KEYWORDS = ("doc_type", "language", "kommun", "tenure", "category", "occupation", "employment_type")
KEYWORD_LISTS = ("audiences", "spoken")  # "|a|b|" in the documents, one keyword per value here
INTEGERS = ("object_id", "rooms", "monthly_rent", "asking_price", "living_area", "price", "commute_minutes")
FLOATS = ("school_km",)
DATES = ("date", "end")
BOOLEANS = ("free",)

TERMS_FILTERS = {
    "tenure": "tenure",
    "category": "category",
    "occupation": "occupation",
    "employment_type": "employment_type",
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


class SearchUnavailable(RuntimeError):
    """Elasticsearch could not be reached or refused us; the API answers 503 and the microsites fall back."""


class SearchRejected(SearchUnavailable):
    """Elasticsearch refused a request as malformed (a mapping conflict, a rejected query): a bug or a
    cluster set up differently, named in the message; searching is unavailable as with a stopped server."""


class ElasticsearchBackend(SearchBackend):
    """Search on an Elasticsearch 9 cluster: for a region larger than one machine's memory, or replicas."""

    name = "elasticsearch"

    def __init__(self, url, client=None):
        self.url = url
        self.client = client or _connect(url, **_connection_options())
        self.prefix = getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "norrbotten").lower()
        self._ready = set()  # aliases known to exist, so indexing checks each only once

    def alias(self, doc_type, language):
        return f"{self.prefix}-{doc_type}-{language}"

    # --- writing -----------------------------------------------------------------
    def index(self, documents):
        documents = list(documents)
        with self._reachable():
            self._ensure_aliases({d["doc_type"] for d in documents})
            rebuilding = self._rebuilding()
            actions = [
                *(
                    _index_action(d, name)
                    for d in documents
                    for name in self._targets(self.alias(d["doc_type"], d["language"]), rebuilding)
                ),
                *self._dropped_languages(documents, rebuilding),
            ]
            bulk(self.client, actions, ignore_status=404, refresh=True)  # searchable at once, as on the embedded engine
        return len(documents)

    def _rebuilding(self):
        """The `-next` aliases a rebuild in progress has made: writes go to them too."""
        return set(self._aliased_indices({self.alias(t, lang) + NEXT for t in DOC_TYPES for lang in KNOWN_LANGUAGES}))

    def _targets(self, alias, rebuilding):
        return [alias, alias + NEXT] if alias + NEXT in rebuilding else [alias]

    def replace_kommun(self, kommun, documents):
        """Index the kommun's documents, then delete what of it was not among them."""
        documents = list(documents)
        self.index(documents)
        keep = [f"{d['doc_type']}-{d['object_id']}" for d in documents]
        with self._reachable():
            rebuilding = self._rebuilding()
            # Found, then deleted by id: delete_by_query needs the reindex module, which not every
            # distribution has (the one on Maven Central does not); a delete by id never conflicts.
            stale = scan(
                self.client,
                index=",".join(
                    name
                    for t in DOC_TYPES
                    for lang in KNOWN_LANGUAGES
                    for name in self._targets(self.alias(t, lang), rebuilding)
                ),
                ignore_unavailable=True,
                query={
                    "_source": False,
                    "query": {
                        "bool": {"filter": [{"term": {"kommun": kommun}}], "must_not": [{"ids": {"values": keep}}]}
                    },
                },
            )
            bulk(
                self.client,
                ({"_op_type": "delete", "_index": found["_index"], "_id": found["_id"]} for found in stale),
                ignore_status=404,
                refresh=True,
            )
        return len(documents)

    def remove(self, doc_type, object_id):
        with self._reachable():
            bulk(
                self.client,
                self._deletes(doc_type, object_id, KNOWN_LANGUAGES, self._rebuilding()),
                ignore_status=404,
                refresh=True,
            )

    def rebuild(self, documents):
        aliases = {self.alias(t, lang): lang for t in DOC_TYPES for lang in KNOWN_LANGUAGES}
        stamp = _timestamp()
        fresh = {alias: f"{alias}-{stamp}" for alias in aliases}
        with self._reachable():
            old = self._aliased_indices(aliases)
            try:
                for alias, index in fresh.items():
                    # The -next alias makes concurrent writes land here too (see index()).
                    self.client.indices.create(
                        index=index, mappings=_mappings(), settings=_index_settings(), aliases={alias + NEXT: {}}
                    )
                # "create": where a concurrent write already put a document, it is newer than this copy.
                count, _errors = bulk(
                    self.client,
                    (
                        _index_action(d, fresh[self.alias(d["doc_type"], d["language"])], "create", alias=False)
                        for d in documents
                    ),
                    ignore_status=409,
                )
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
        for alias in sorted(missing - set(existing)):
            # Every process names an alias's first index alike, so two creating it at once make one
            # index (the second is told it exists) rather than one alias over two indices.
            try:
                self.client.indices.create(
                    index=alias + FIRST, mappings=_mappings(), settings=_index_settings(), aliases={alias: {}}
                )
            except BadRequestError as exc:
                if not _already_exists(exc):
                    raise
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

    def _dropped_languages(self, documents, rebuilding):
        """Deletes for the languages a listing no longer has: replacing a listing replaces all of it."""
        languages = {}
        for d in documents:
            languages.setdefault((d["doc_type"], d["object_id"]), set()).add(d["language"])
        for (doc_type, object_id), present in languages.items():
            yield from self._deletes(
                doc_type, object_id, [lang for lang in KNOWN_LANGUAGES if lang not in present], rebuilding
            )

    def _deletes(self, doc_type, object_id, languages, rebuilding):
        return [
            {"_op_type": "delete", "_index": name, "_id": f"{doc_type}-{object_id}"}
            for lang in languages
            for name in self._targets(self.alias(doc_type, lang), rebuilding)
        ]

    # --- reading -----------------------------------------------------------------
    def search(self, query):
        filters = _filters(query)
        facets = _facets(query)
        text_clauses = _text_clauses(query, query.language)
        with self._reachable():
            body = self.client.search(
                index=",".join(self.alias(t, query.language) for t in doc_types(query)),
                ignore_unavailable=True,  # nothing indexed yet: no hits rather than an error
                query={"bool": {"must": text_clauses, "filter": _base_filters(query)}},
                post_filter=_all_of(filters.values()),
                aggs=_aggregations(facets, filters),
                sort=_sort(query, bool(text_clauses)),
                from_=query.offset,
                size=query.page_size,
                track_total_hits=True,
                source=["card"],
            ).body
        aggregations = body.get("aggregations", {})  # absent when no index exists yet
        total = body["hits"]["total"]["value"]
        counted = {
            facet: read(aggregations.get(facet, {}).get("counts", {})) for facet, (_aggregation, read) in facets.items()
        }
        if len(query.kommuner) == 1:  # as the embedded backend: one kommun's site counts only that kommun
            counted = {"kommun": [{"value": query.kommuner[0], "count": total}], **counted}
        return SearchResult(
            total=total, hits=[hit(found["_source"]["card"], query) for found in body["hits"]["hits"]], facets=counted
        )

    @contextmanager
    def _reachable(self):
        """Elasticsearch's errors as this backend's, each saying what went wrong (never the credentials)."""
        where = _without_credentials(self.url)
        try:
            yield
        except EsConnectionError as exc:  # also TLS failures and timeouts, named by the client's message
            raise SearchUnavailable(f"Elasticsearch at {where} could not be reached: {exc.message}") from exc
        except (AuthenticationException, AuthorizationException) as exc:
            raise SearchUnavailable(
                f"Elasticsearch at {where} refused our credentials ({exc.meta.status}): "
                f"check ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME/PASSWORD."
            ) from exc
        except BadRequestError as exc:
            raise SearchRejected(f"Elasticsearch at {where} rejected a request: {_reason(exc)}") from exc
        except BulkIndexError as exc:
            raise SearchRejected(
                f"Elasticsearch at {where} refused {len(exc.errors)} documents, the first: {exc.errors[0]}"
            ) from exc
        except ApiError as exc:
            raise SearchUnavailable(f"Elasticsearch at {where} answered {exc.meta.status}: {_reason(exc)}") from exc


def _switch(old, fresh):
    """Alias actions moving every alias from its old indices to its fresh one, applied atomically in one call."""
    actions = []
    for alias, index in fresh.items():
        actions += [{"remove": {"index": stale, "alias": alias}} for stale in old.get(alias, [])]
        actions.append({"add": {"index": index, "alias": alias}})
        actions.append({"remove": {"index": index, "alias": alias + NEXT}})
    return actions


def _connection_options():
    """The client's settings: credentials, CA certificate, timeout and retries (hashable, for _connect)."""
    options = {
        "request_timeout": settings.ELASTICSEARCH_TIMEOUT,
        "max_retries": settings.ELASTICSEARCH_RETRIES,
        "retry_on_timeout": True,
    }
    if settings.ELASTICSEARCH_API_KEY:
        options["api_key"] = settings.ELASTICSEARCH_API_KEY
    elif settings.ELASTICSEARCH_USERNAME:
        options["basic_auth"] = (settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD)
    if settings.ELASTICSEARCH_CA_CERTS:
        options["ca_certs"] = settings.ELASTICSEARCH_CA_CERTS
    return options


def _connect(url, **options):
    """One client per URL and settings: the API builds a backend per request, and the client holds the
    connection pool."""
    return _client(url, tuple(sorted(options.items())))


@cache
def _client(url, options):
    return Elasticsearch(url, **dict(options))


def _reason(exc):
    """What Elasticsearch said was wrong, from its error body."""
    error = exc.body.get("error") if isinstance(exc.body, dict) else None
    if not isinstance(error, dict):
        return str(error or exc.message)
    cause = (error.get("root_cause") or [error])[0]
    return f"{cause.get('type', error.get('type'))}: {cause.get('reason') or error.get('reason')}"


def _already_exists(exc):
    error = exc.body.get("error") if isinstance(exc.body, dict) else None
    return isinstance(error, dict) and error.get("type") == "resource_already_exists_exception"


def _timestamp():
    """The suffix of a new concrete index: unique per rebuild, and sorts by age."""
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")


def _without_credentials(url):
    """The URL for an error message: user:password@ is left out, as that message gets logged."""
    parts = urlsplit(url)
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname or ""
    return urlunsplit(parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host))


# --- indices ---------------------------------------------------------------------
def _index_settings():
    # One shard by default: facet counts and the top occupations are exact, and the data is small.
    # The window admits the deepest page the API allows.
    return {
        "number_of_shards": settings.ELASTICSEARCH_SHARDS,
        "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
        "max_result_window": MAX_PAGE * MAX_PAGE_SIZE,
    }


def _mappings():
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


def _index_action(document, target, op_type="index", alias=True):
    # An alias that vanished (a rebuild's -next, switched away) is an error to ignore, never a new index.
    return {
        "_op_type": op_type,
        "_index": target,
        "_id": f"{document['doc_type']}-{document['object_id']}",
        "_source": _source(document),
        "require_alias": alias,
    }


def _source(document):
    """What Elasticsearch stores of a document: the mapped fields only (the mapping is strict)."""
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
            values = (
                kommun_slugs() if facet == "kommun" else next(p for p in FILTERS[doc_type] if p.name == facet).choices
            )
            facets[facet] = (
                {"terms": {"field": field, "include": list(values), "size": len(values)}},
                partial(_zero_filled, values),
            )
    for facet, (field, ranges) in RANGE_FACETS.get(doc_type, {}).items():
        facets[facet] = _range_facet(field, [(range_label(low, high), low, high) for low, high in ranges])
    if "occupation" in TERM_FACETS[doc_type]:
        facets["occupation"] = (
            {
                "terms": {
                    "field": "occupation",
                    "size": TOP_TERMS,
                    "exclude": [""],
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            },
            _top_terms,
        )
    return facets


def _aggregations(facets, filters):
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


def _free_count(result):
    return [{"value": True, "count": result.get("doc_count", 0)}]


def _top_terms(result):
    # Like the embedded backend: the top values as counted, of which empty ones are not shown.
    return [{"value": b["key"], "count": b["doc_count"]} for b in result.get("buckets", []) if b["key"]]
