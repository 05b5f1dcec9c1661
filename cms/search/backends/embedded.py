"""The embedded backend: the project's own database, no search server needed.

Matching uses the database's full-text engine on pre-stemmed terms (SQLite FTS5, or
PostgreSQL's text search with the 'simple' configuration, since the words are already
stemmed by cms.search.text). Filters, facet counts and sorting run on the documents'
columns held in memory (cms.search.backends.columns). Each facet's counts leave out that
facet's own filter, so a visitor sees what choosing another value would give.
"""

import uuid

import numpy as np
from django.db import connections, transaction

from .. import text
from ..models import SearchDocument, SearchIndexState, SearchTerm, SearchText
from ..query import FACET_FILTERS, TERM_FACETS
from .base import TERMS_PER_WORD, SearchBackend, SearchResult, doc_types, hit
from .columns import (
    OPEN_ENDED,
    ColumnCache,
    Columns,
    bucket_mask,
    facet_buckets,
    filter_masks,
    great_circle_km,
    kommun_counts,
    order,
    selected,
    top_values,
)

TABLE = SearchDocument._meta.db_table
TEXT_TABLE = SearchText._meta.db_table
STATE_TABLE = SearchIndexState._meta.db_table
FTS_TABLE = "listing_search_fts"
EPOCH = {"sqlite": 'unixepoch(d."{0}")', "postgresql": 'EXTRACT(EPOCH FROM d."{0}")'}
_CACHE = ColumnCache()
# Recent text matches and typo corrections: searches as people type repeat the same few words.
_MATCHES = ColumnCache(limit=1000)
# A broad search (a common word across the region) is ordered by date: ranking tens of
# thousands of documents by relevance costs more than the rest of the search and changes little.
RANKED_AT_MOST = 5000


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def __init__(self, using="default"):
        self.using = using

    @property
    def connection(self):
        return connections[self.using]

    # --- writing -----------------------------------------------------------------
    def index(self, documents):
        documents = list(documents)
        with transaction.atomic(using=self.using):
            self._delete({(d["doc_type"], d["object_id"]) for d in documents})
            self._insert(documents)
        return len(documents)

    def remove(self, doc_type, object_id):
        with transaction.atomic(using=self.using):
            self._delete({(doc_type, object_id)})

    def _delete(self, objects, per_query=500):
        """Delete the documents of `objects` ((doc_type, object_id) pairs), a few hundred per query."""
        by_type = {}
        for doc_type, object_id in objects:
            by_type.setdefault(doc_type, []).append(object_id)
        for doc_type, object_ids in by_type.items():
            for start in range(0, len(object_ids), per_query):
                documents = SearchDocument.objects.using(self.using).filter(
                    doc_type=doc_type, object_id__in=object_ids[start : start + per_query]
                )
                SearchText.objects.using(self.using).filter(
                    document__in=documents
                ).delete()  # the FTS triggers see these
                documents.delete()
        if objects:
            self._changed()

    def replace_kommun(self, kommun, documents):
        documents = list(documents)
        with transaction.atomic(using=self.using):
            rows = SearchDocument.objects.using(self.using).filter(kommun=kommun)
            SearchText.objects.using(self.using).filter(document__in=rows).delete()
            rows.delete()
            self._insert_clustered(documents)
            self._changed()
        return len(documents)

    def rebuild(self, documents):
        # One transaction: readers keep seeing the old index until the new one is complete.
        count = 0
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TEXT_TABLE}")
            cursor.execute(f"DELETE FROM {TABLE}")
            kommun = []  # documents arrive kommun by kommun; each kommun's are written together, sorted
            for document in documents:
                if kommun and document["kommun"] != kommun[0]["kommun"]:
                    count += self._insert_clustered(kommun)
                    kommun = []
                kommun.append(document)
            count += self._insert_clustered(kommun)
            self._changed()
        return count

    def _insert_clustered(self, documents):
        ordered = _clustered(documents)
        for start in range(0, len(ordered), 1000):
            self._insert(ordered[start : start + 1000])
        return len(ordered)

    def _changed(self):
        """A new index version: every process reloads its columns before its next search."""
        version = uuid.uuid4().hex
        if not SearchIndexState.objects.using(self.using).filter(pk=1).update(version=version):
            SearchIndexState.objects.using(self.using).create(pk=1, version=version)

    def _insert(self, documents):
        rows = SearchDocument.objects.using(self.using).bulk_create(_row(d) for d in documents)
        SearchText.objects.using(self.using).bulk_create(
            SearchText(document_id=row.pk, terms=f"{' '.join(_scopes(d))} {d['terms']}", card=d["card"])
            for row, d in zip(rows, documents)
        )
        self._remember_terms(documents)
        self._changed()
        return len(documents)

    def _remember_terms(self, documents):
        seen = {term for d in documents for term in d["terms"].split() if len(term) <= 100}
        SearchTerm.objects.using(self.using).bulk_create(
            (SearchTerm(term=term, first=term[0], length=len(term)) for term in seen),
            ignore_conflicts=True,
            batch_size=1000,
        )

    # --- reading -----------------------------------------------------------------
    def search(self, query, retry=True):
        version = self._version()
        everything = self._columns(query, version)
        reachable = np.ones(len(everything), dtype=bool)  # what the text and the distance allow
        if query.near and query.within_km is not None:
            reachable &= great_circle_km(everything, query.near) <= float(query.within_km)  # NaN: never near
        match = self._match_expression(query, version)
        matched = ranks = None
        if match is not None and query.kommuner and query.sort == "relevance":
            # Within a few kommuner the matches are few: rank them all at once.
            ranks = _MATCHES.get(version, ("ranks", match), lambda: self._text_ranks(match))
            matched = ranks[0]
        elif match is not None:
            matched = _MATCHES.get(version, match, lambda: self._text_matches(match))
        if matched is not None:
            reachable &= _rows_of(everything, matched)
        if len(query.kommuner) > 1:  # counted over the region, each kommun as if chosen alone
            region = everything.subset(np.nonzero(reachable)[0])
            region_masks = filter_masks(region, query)
            facets = {"kommun": kommun_counts(region, _all_of(region_masks, len(region)))}
        in_scope = reachable & everything.code_mask("kommun", query.kommuner) if query.kommuner else reachable
        rows = np.nonzero(in_scope)[0]
        # From here on only the rows in scope: one kommun's are a fourteenth of the region's.
        columns = everything.subset(rows)
        masks = filter_masks(columns, query)

        def passing(skip=()):
            return _all_of({g: m for g, m in masks.items() if g not in skip}, len(columns))

        selected = passing()
        total = int(selected.sum())
        if len(query.kommuner) == 1:  # one kommun's site: counting the other 13 would be wasted
            facets = {"kommun": [{"value": query.kommuner[0], "count": total}]}
        elif not query.kommuner:
            facets = {"kommun": kommun_counts(columns, selected)}
        for facet, buckets in facet_buckets(query.doc_type).items():
            mask = passing(FACET_FILTERS.get(facet, {facet}))
            facets[facet] = [
                {"value": value, "count": int(np.count_nonzero(mask & bucket_mask(columns, bucket)))}
                for value, bucket in buckets
            ]
        for facet in OPEN_ENDED:
            if facet in TERM_FACETS[query.doc_type]:
                facets[facet] = [
                    {"value": value, "count": count} for value, count in top_values(columns, facet, passing({facet}))
                ]
        a = columns.arrays
        rank = None
        if matched is not None and query.sort == "relevance" and (ranks or 0 < len(matched) <= RANKED_AT_MOST):
            ranked_ids, scores = ranks or _MATCHES.get(version, ("ranks", match), lambda: self._text_ranks(match))
            rank = np.full(len(columns), np.inf)
            in_columns = _rows_of(columns, ranked_ids)
            rank[in_columns] = scores[_rows_of_ids(ranked_ids, a["id"][in_columns])]
        hits = []
        if total and query.offset < total:
            page = order(columns, np.nonzero(selected)[0], query, rank)[query.offset : query.offset + query.page_size]
            ids = [int(pk) for pk in a["id"][page]]
            cards = dict(
                SearchText.objects.using(self.using).filter(document_id__in=ids).values_list("document_id", "card")
            )
            if len(cards) < len(ids) and retry:  # rows changed without a new version (by hand): load afresh
                _CACHE.forget()
                return self.search(query, retry=False)
            hits = [hit(cards[pk], query) for pk in ids if pk in cards]
        return SearchResult(total=total, hits=hits, facets=facets)

    def warm(self):
        """Load every type's and language's columns now (a search service's worker, at start)."""
        from cms.base.site_config import KNOWN_LANGUAGES

        from ..query import SearchQuery

        for doc_type in ("housing", "activity", "job", "all"):
            for language in KNOWN_LANGUAGES:
                self._columns(SearchQuery(doc_type=doc_type, language=language))

    def _version(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT version FROM {STATE_TABLE} WHERE id = 1")
            row = cursor.fetchone()
        return (self.connection.alias, self.connection.settings_dict["NAME"], row[0] if row else "")

    def _columns(self, query, version=None):
        types = tuple(doc_types(query))
        version = version or self._version()

        def load():
            with self.connection.cursor() as cursor:
                names = selected(types)
                epoch = EPOCH[self.connection.vendor]
                sql = [epoch.format(name) if name in ("date", "end", "posted") else f'd."{name}"' for name in names]
                cursor.execute(
                    f"SELECT {', '.join(sql)} FROM {TABLE} d WHERE d.doc_type IN {_placeholders(types)} "
                    f"AND d.language = %s ORDER BY d.id",
                    [*types, query.language],
                )
                return Columns.load(cursor.fetchall(), names)

        return _CACHE.get(version, (types, query.language), load)

    def _text_matches(self, match):
        """The ids, ascending, of the documents a match expression finds."""
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "sqlite":
                cursor.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rowid", [match])
            else:
                cursor.execute(
                    f"SELECT t.document_id FROM {TEXT_TABLE} t WHERE to_tsvector('simple', t.terms) "
                    f"@@ to_tsquery('simple', %s) ORDER BY t.document_id",
                    [match],
                )
            return np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)

    def _text_ranks(self, match):
        """(ids ascending, rank: lower is better) for a match's documents. Ranking costs several
        times the matching, so it is done only for searches that match few enough documents."""
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "sqlite":
                cursor.execute(
                    f"SELECT rowid, bm25({FTS_TABLE}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rowid",
                    [match],
                )
            else:
                cursor.execute(
                    f"SELECT t.document_id, -ts_rank(to_tsvector('simple', t.terms), q) "
                    f"FROM {TEXT_TABLE} t, to_tsquery('simple', %s) q "
                    f"WHERE to_tsvector('simple', t.terms) @@ q ORDER BY t.document_id",
                    [match],
                )
            rows = cursor.fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64), np.array([r[1] for r in rows], dtype=np.float64)

    def _match_expression(self, query, version=None):
        """The engine's match expression for `q`; None without text."""
        words = text.words(query.q)[:12]
        if not words:
            return None
        groups = []
        for position, word in enumerate(words):
            stem = text.stem(word, query.language)
            corrections = _MATCHES.get(version, ("corrections", stem), lambda stem=stem: self._corrections(stem))
            alternatives = {stem, word, *corrections}
            prefix = position == len(words) - 1 and len(word) >= 2  # the word still being typed
            groups.append((sorted(alternatives), word if prefix else None))
        scopes = [_scope(t, query.language, k) for t in doc_types(query) for k in (query.kommuner or [None])]
        if self.connection.vendor == "sqlite":
            return " AND ".join(
                [
                    "(" + " OR ".join(scopes) + ")",
                    *(
                        "(" + " OR ".join([*(f'"{a}"' for a in alts), *([f'"{p}"*'] if p else [])]) + ")"
                        for alts, p in groups
                    ),
                ]
            )
        return " & ".join(
            [
                "(" + " | ".join(scopes) + ")",
                *("(" + " | ".join([*alts, *([f"{p}:*"] if p else [])]) + ")" for alts, p in groups),
            ]
        )

    def _corrections(self, stem):
        limit = text.typo_limit(stem)
        if limit == 0:
            return []
        candidates = (
            SearchTerm.objects.using(self.using)
            .filter(first=stem[0], length__gte=len(stem) - limit, length__lte=len(stem) + limit)
            .values_list("term", flat=True)
        )
        scored = []
        for term in candidates:
            if term == stem:
                return []  # the word is in the index as typed
            distance = text.edit_distance(stem, term, limit)
            if distance <= limit:
                scored.append((distance, term))
        return [term for _distance, term in sorted(scored)[:TERMS_PER_WORD]]


def _rows_of(columns, ids):
    """A mask of the columns' rows whose id is among `ids` (both ascending)."""
    known = columns.arrays["id"]
    mask = np.zeros(len(known), dtype=bool)
    if len(known) and len(ids):
        positions = np.minimum(np.searchsorted(known, ids), len(known) - 1)
        mask[positions[known[positions] == ids]] = True
    return mask


def _rows_of_ids(ids, wanted):
    """Positions in `ids` (ascending) of the `wanted` ids (ascending, all present)."""
    return np.searchsorted(ids, wanted)


def _all_of(masks, length):
    mask = np.ones(length, dtype=bool)
    for group_mask in masks.values():
        mask &= group_mask
    return mask


def _placeholders(values):
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def _clustered(documents):
    """Documents in the order a search reads them: one kommun's homes in one language side by side
    in the table, so counting them reads a few pages rather than one page per row."""
    return sorted(documents, key=lambda d: (d["kommun"], d["doc_type"], d["language"], d["object_id"]))


def _scope(doc_type, language, kommun=None):
    """A token naming where a document belongs ("s0housingsvpitea"). Matching it with the words makes
    the full-text engine intersect with one kommun's homes in one language, not the whole region's."""
    return f"s0{doc_type}{language}{kommun or ''}".replace("-", "")


def _scopes(document):
    return [
        _scope(document["doc_type"], document["language"]),
        _scope(document["doc_type"], document["language"], document["kommun"]),
    ]


ROW_FIELDS = {field.attname for field in SearchDocument._meta.concrete_fields} - {"id"}


def _row(document):
    return SearchDocument(**{name: value for name, value in document.items() if name in ROW_FIELDS})
