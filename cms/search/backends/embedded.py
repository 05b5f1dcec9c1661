"""The embedded backend: the project's own database, no search server needed.

Matching uses the database's full-text engine on pre-stemmed terms (SQLite FTS5, or
PostgreSQL's text search with the 'simple' configuration, since the words are already
stemmed by cms.search.text); filters, facets and sorting are indexed columns. All
facet counts come from one pass over the matching rows: each facet's buckets are
conditional sums that leave out that facet's own filter, so a visitor sees what
choosing another value would give.
"""
import math

from django.db import connections, transaction

from ..models import SearchDocument, SearchTerm, SearchText
from ..query import FACET_FILTERS, RANGE_FACETS, TERM_FACETS, day_end, day_start, kommun_slugs
from .. import text
from .base import TERMS_PER_WORD, SearchBackend, SearchResult, doc_types, hit, range_label

TABLE = SearchDocument._meta.db_table
TEXT_TABLE = SearchText._meta.db_table
FTS_TABLE = "listing_search_fts"
KM_PER_DEGREE_LATITUDE = 110.574
KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.320


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
            for doc_type, object_id in {(d["doc_type"], d["object_id"]) for d in documents}:
                self._delete(doc_type, object_id)
            self._insert(documents)
        return len(documents)

    def remove(self, doc_type, object_id):
        with transaction.atomic(using=self.using):
            self._delete(doc_type, object_id)

    def _delete(self, doc_type, object_id):
        documents = SearchDocument.objects.using(self.using).filter(doc_type=doc_type, object_id=object_id)
        SearchText.objects.using(self.using).filter(document__in=documents).delete()  # the FTS triggers see these
        documents.delete()

    def replace_kommun(self, kommun, documents):
        documents = list(documents)
        with transaction.atomic(using=self.using):
            rows = SearchDocument.objects.using(self.using).filter(kommun=kommun)
            SearchText.objects.using(self.using).filter(document__in=rows).delete()
            rows.delete()
            self._insert_clustered(documents)
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
        return count

    def _insert_clustered(self, documents):
        ordered = _clustered(documents)
        for start in range(0, len(ordered), 1000):
            self._insert(ordered[start:start + 1000])
        return len(ordered)

    def _insert(self, documents):
        rows = SearchDocument.objects.using(self.using).bulk_create(_row(d) for d in documents)
        SearchText.objects.using(self.using).bulk_create(
            SearchText(document_id=row.pk, terms=f"{' '.join(_scopes(d))} {d['terms']}", card=d["card"])
            for row, d in zip(rows, documents))
        self._remember_terms(documents)
        return len(documents)

    def _remember_terms(self, documents):
        seen = {term for d in documents for term in d["terms"].split() if len(term) <= 100}
        SearchTerm.objects.using(self.using).bulk_create(
            (SearchTerm(term=term, first=term[0], length=len(term)) for term in seen), ignore_conflicts=True, batch_size=1000)

    # --- reading -----------------------------------------------------------------
    def search(self, query):
        source, source_params, base, base_params, rank, rank_params = self._base(query)
        filters = self._filters(query, self.connection.ops)  # {filter group: (sql, params)}
        facets = self._facet_buckets(query)

        def conditions(skip=()):
            parts = [(sql, p) for group, (sql, p) in filters.items() if group not in skip]
            return " AND ".join(["1=1", *(sql for sql, _ in parts)]), [v for _, p in parts for v in p]

        where_all, where_all_params = conditions()
        selects, select_params, layout = ["SUM(CASE WHEN %s THEN 1 ELSE 0 END)" % where_all], list(where_all_params), []
        for facet, buckets in facets.items():
            where_facet, where_facet_params = conditions(FACET_FILTERS.get(facet, {facet}))
            for value, sql, bucket_params in buckets:
                selects.append(f"SUM(CASE WHEN {where_facet} AND {sql} THEN 1 ELSE 0 END)")
                select_params += where_facet_params + bucket_params
                layout.append((facet, value))
        base_sql = " AND ".join(base)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(selects)} FROM {source} WHERE {base_sql}",
                           select_params + source_params + base_params)
            counts = cursor.fetchone()
            total = int(counts[0] or 0)
            result_facets = {"kommun": self._kommun_facet(cursor, query, total, where_all, where_all_params)}
            result_facets.update({facet: [] for facet in facets})
            for (facet, value), count in zip(layout, counts[1:]):
                result_facets[facet].append({"value": value, "count": int(count or 0)})
            for facet, column in self._grouped_facets(query).items():
                where_facet, where_facet_params = conditions(FACET_FILTERS.get(facet, {facet}))
                cursor.execute(
                    f"SELECT d.{column}, COUNT(*) FROM {source} WHERE {base_sql} AND {where_facet} AND d.{column} <> '' "
                    f"GROUP BY d.{column} ORDER BY COUNT(*) DESC, d.{column} LIMIT 50",
                    source_params + base_params + where_facet_params)
                result_facets[facet] = [{"value": value, "count": count} for value, count in cursor.fetchall()]
            hits = []
            if total and query.offset < total:
                order, order_params = self._order(query, rank, rank_params)
                cursor.execute(
                    f"SELECT d.id FROM {source} WHERE {base_sql} AND {where_all} ORDER BY {order} LIMIT %s OFFSET %s",
                    source_params + base_params + where_all_params + order_params + [query.page_size, query.offset])
                ids = [row[0] for row in cursor.fetchall()]
                cards = dict(SearchText.objects.using(self.using).filter(document_id__in=ids).values_list("document_id", "card"))
                hits = [hit(cards[pk], query) for pk in ids]
        return SearchResult(total=total, hits=hits, facets=result_facets)

    def _base(self, query):
        """FROM and WHERE for what every count and hit shares: type, language, kommuner, text, distance."""
        source, source_params = f"{TABLE} d", []
        base = ["d.doc_type IN " + _placeholders(doc_types(query)), "d.language = %s"]
        base_params = [*doc_types(query), query.language]
        if query.kommuner:
            base.append("d.kommun IN " + _placeholders(query.kommuner))
            base_params += query.kommuner
        rank, rank_params = None, []
        match = self._match_expression(query)
        if match is not None and self.connection.vendor == "sqlite":
            # Materialised, or SQLite may run the MATCH again for every document row.
            source = (f"(SELECT rowid AS id, bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
                      f" ORDER BY rowid LIMIT -1) m CROSS JOIN {TABLE} d ON d.id = m.id")
            source_params, rank = [match], "m.rank"
        elif match is not None:
            source = f"{TABLE} d JOIN {TEXT_TABLE} t ON t.document_id = d.id"
            base.append("to_tsvector('simple', t.terms) @@ to_tsquery('simple', %s)")
            base_params.append(match)
            rank, rank_params = "-ts_rank(to_tsvector('simple', t.terms), to_tsquery('simple', %s))", [match]
        if query.near and query.within_km is not None:
            base.append(f"d.latitude IS NOT NULL AND {self._distance(query)} <= %s")
            base_params.append(float(query.within_km) ** 2)
        return source, source_params, base, base_params, rank, rank_params

    def _distance(self, query):
        """Squared km from `near`, flat-earth (exact enough within a kommun). The numbers are parsed
        floats, so no text from the request reaches the SQL."""
        latitude, longitude = query.near
        factor = KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(latitude))
        dy = f"((d.latitude - {float(latitude)!r}) * {KM_PER_DEGREE_LATITUDE!r})"
        dx = f"((d.longitude - {float(longitude)!r}) * {factor!r})"
        return f"({dy} * {dy} + {dx} * {dx})"

    def _kommun_facet(self, cursor, query, total, where_all, where_all_params):
        """Hits per kommun. A search within one kommun's site counts only that kommun: counting
        the other 13 would read the whole region for a number its visitors never see."""
        if len(query.kommuner) == 1:
            return [{"value": query.kommuner[0], "count": total}]
        other = query.__class__(**{**query.__dict__, "kommuner": []})
        source, source_params, base, base_params, _rank, _rank_params = self._base(other)
        cursor.execute(f"SELECT d.kommun, COUNT(*) FROM {source} WHERE {' AND '.join(base)} AND {where_all} GROUP BY d.kommun",
                       source_params + base_params + where_all_params)
        counts = dict(cursor.fetchall())
        return [{"value": slug, "count": counts.get(slug, 0)} for slug in kommun_slugs()]

    def _order(self, query, rank, rank_params):
        tie = "d.object_id"
        if query.sort == "distance":
            return f"d.latitude IS NULL, {self._distance(query)}, {tie}", []
        if query.sort == "relevance" and rank is not None:
            return f"{rank}, d.date IS NULL, d.date, {tie}", rank_params
        column = {"price": "d.price", "date": "d.date", "area": "d.living_area", "relevance": "d.date"}[query.sort.lstrip("-")]
        direction = " DESC" if query.sort.startswith("-") else ""
        return f"{column} IS NULL, {column}{direction}, {tie}", []

    def _filters(self, query, ops):
        f, result = query.filters, {}

        def add(group, sql, *params):
            if group in result:
                sql, params = f"{result[group][0]} AND {sql}", (*result[group][1], *params)
            result[group] = (sql, list(params))

        def dt(value):
            return ops.adapt_datetimefield_value(value)

        for name, column in (("tenure", "tenure"), ("category", "category"), ("occupation", "occupation"),
                             ("employment_type", "employment_type"), ("type", "doc_type")):
            if f.get(name):
                add(name, f"d.{column} IN " + _placeholders(f[name]), *f[name])
        for name, column in (("audience", "audiences"), ("spoken", "spoken")):
            if f.get(name):
                add(name, "(" + " OR ".join(f"d.{column} LIKE %s" for _ in f[name]) + ")", *(f"%|{v}|%" for v in f[name]))
        for name, column, op in (("rooms_min", "rooms", ">="), ("rooms_max", "rooms", "<="),
                                 ("rent_min", "monthly_rent", ">="), ("rent_max", "monthly_rent", "<="),
                                 ("price_min", "asking_price", ">="), ("price_max", "asking_price", "<="),
                                 ("area_min", "living_area", ">="), ("area_max", "living_area", "<="),
                                 ("school_km_max", "school_km", "<="), ("commute_max", "commute_minutes", "<=")):
            if f.get(name) is not None:
                add(name, f"d.{column} {op} %s", f[name])
        if f.get("available_by"):
            add("available_by", "d.date <= %s", dt(day_end(f["available_by"])))
        if f.get("date_from"):
            add("date_from", "COALESCE(d.end, d.date) >= %s", dt(day_start(f["date_from"])))
        if f.get("date_to"):
            add("date_to", "d.date <= %s", dt(day_end(f["date_to"])))
        if f.get("free") is not None:
            add("free", "d.free = %s", bool(f["free"]))
        return result

    def _facet_buckets(self, query):
        """{facet: [(value, sql, params)]} for the facets counted in the single pass."""
        doc_type = query.doc_type
        facets = {}
        for facet, column in TERM_FACETS[doc_type].items():
            if facet in ("occupation", "kommun"):
                continue  # counted by their own queries
            if facet == "free":
                facets[facet] = [(True, "d.free = %s", [True])]
                continue
            elif facet == "rooms":
                facets[facet] = [(str(n), "d.rooms = %s", [n]) for n in range(1, 5)] + [("5+", "d.rooms >= %s", [5])]
                continue
            else:
                from ..query import FILTERS

                spec = next(p for p in FILTERS[doc_type] if p.name == facet)
                values = spec.choices
            if column in ("audiences", "spoken"):
                facets[facet] = [(v, f"d.{column} LIKE %s", [f"%|{v}|%"]) for v in values]
            else:
                facets[facet] = [(v, f"d.{column} = %s", [v]) for v in values]
        for facet, (column, ranges) in RANGE_FACETS.get(doc_type, {}).items():
            buckets = []
            for low, high in ranges:
                parts, params = [], []
                if low is not None:
                    parts.append(f"d.{column} >= %s")
                    params.append(low)
                if high is not None:
                    parts.append(f"d.{column} < %s")
                    params.append(high)
                buckets.append((range_label(low, high), " AND ".join(parts), params))
            facets[facet] = buckets
        return facets

    def _grouped_facets(self, query):
        return {"occupation": "occupation"} if query.doc_type == "job" else {}

    # --- text ----------------------------------------------------------------------
    def _match_expression(self, query):
        """The engine's match expression for `q`; None without text."""
        words = text.words(query.q)[:12]
        if not words:
            return None
        groups = []
        for position, word in enumerate(words):
            stem = text.stem(word, query.language)
            alternatives = {stem, word, *self._corrections(stem)}
            prefix = position == len(words) - 1 and len(word) >= 2  # the word still being typed
            groups.append((sorted(alternatives), word if prefix else None))
        scopes = [_scope(t, query.language, k) for t in doc_types(query) for k in (query.kommuner or [None])]
        if self.connection.vendor == "sqlite":
            return " AND ".join(["(" + " OR ".join(scopes) + ")", *(
                "(" + " OR ".join([*(f'"{a}"' for a in alts), *([f'"{p}"*'] if p else [])]) + ")" for alts, p in groups)])
        return " & ".join(["(" + " | ".join(scopes) + ")", *(
            "(" + " | ".join([*alts, *([f"{p}:*"] if p else [])]) + ")" for alts, p in groups)])

    def _corrections(self, stem):
        limit = text.typo_limit(stem)
        if limit == 0:
            return []
        candidates = SearchTerm.objects.using(self.using).filter(
            first=stem[0], length__gte=len(stem) - limit, length__lte=len(stem) + limit).values_list("term", flat=True)
        scored = []
        for term in candidates:
            if term == stem:
                return []  # the word is in the index as typed
            distance = text.edit_distance(stem, term, limit)
            if distance <= limit:
                scored.append((distance, term))
        return [term for _distance, term in sorted(scored)[:TERMS_PER_WORD]]


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
    return [_scope(document["doc_type"], document["language"]),
            _scope(document["doc_type"], document["language"], document["kommun"])]


ROW_FIELDS = {field.attname for field in SearchDocument._meta.concrete_fields} - {"id"}


def _row(document):
    return SearchDocument(**{name: value for name, value in document.items() if name in ROW_FIELDS})
