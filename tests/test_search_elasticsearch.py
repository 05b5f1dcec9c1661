"""The Elasticsearch backend, checked request by request without an Elasticsearch server.

Elasticsearch cannot run on these machines, so the one thing replaced is the network
call to it: the backend gets a real `elasticsearch.Elasticsearch` client whose transport
node (elastic_transport's `BaseNode.perform_request`, the HTTP round trip to the server)
is `FakeServer`, which records each request and answers with canned JSON. Everything
above the wire runs for real: the backend, `elasticsearch.helpers.bulk`, the client's
parameter handling and serialization. So these tests see the exact requests a server
would receive; whether a real server answers them as the embedded backend does is
tests/test_search_contract.py's job, run where ELASTICSEARCH_URL is set.

No database is needed: query parsing and kommun_slugs() read code and sites/*.toml.
"""
import json
import re
from datetime import UTC, datetime
from urllib.parse import parse_qsl

import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport._node._base import NodeApiResponse  # what a node returns; not re-exported
from elasticsearch import Elasticsearch

from cms.search.backends.base import distance_km
from cms.search.backends.elasticsearch import ElasticsearchBackend, SearchUnavailable
from cms.search.query import kommun_slugs, parse

URL = "http://search.test:9200"
CREATE = r"/[^_/][^/]*"  # PUT /<index>; PUT /_bulk is the other PUT
LANGUAGES = ("sv", "en", "de", "nl", "pl", "fi")
PITEA = (65.3172, 21.4794)


class FakeServer:
    """Stands in for Elasticsearch's HTTP API: records requests, answers by method and path."""

    def __init__(self):
        self.requests = []  # (method, path, params, body); a bulk body is its list of lines
        self.routes = []
        self.down = False

    def on(self, method, path_pattern, answer, status=200):
        """Answer matching requests with `answer` (or answer(body) when callable); newest route first."""
        self.routes.insert(0, (method, re.compile(path_pattern), answer, status))

    def handle(self, method, target, body):
        if self.down:
            raise TransportConnectionError("Connection refused")
        path, _, query = target.partition("?")
        body = _decode(body, path)
        self.requests.append((method, path, dict(parse_qsl(query)), body))
        for route_method, pattern, answer, status in self.routes:
            if route_method == method and pattern.fullmatch(path):
                return status, answer(body) if callable(answer) else answer
        return self._default(method, path, body)

    def _default(self, method, path, body):
        if method == "HEAD":
            return 404, None
        if path.startswith("/_alias/"):
            return 404, {"error": f"alias [{path[8:]}] missing", "status": 404}
        if path == "/_bulk":
            return 200, _bulk_answer(body)
        if path.endswith("/_search"):
            return 200, search_response()
        return 200, {"acknowledged": True}

    def made(self, method, path_pattern=".*"):
        return [r for r in self.requests if r[0] == method and re.fullmatch(path_pattern, r[1])]


def _decode(body, path):
    if not body:
        return None
    if path == "/_bulk":
        return [json.loads(line) for line in body.decode().splitlines() if line]
    return json.loads(body)


def _bulk_answer(lines):
    """Deletes find nothing (404, as when a language never had the listing); writes succeed."""
    items, index = [], 0
    while index < len(lines):
        (op, meta), = lines[index].items()
        index += 1 if op == "delete" else 2
        status = 404 if op == "delete" else 201
        items.append({op: {"_index": meta["_index"], "_id": meta["_id"], "status": status,
                           "result": "not_found" if status == 404 else "created"}})
    return {"took": 1, "errors": any(item[next(iter(item))]["status"] >= 300 for item in items), "items": items}


def search_response(total=0, cards=(), aggregations=None):
    body = {"took": 1, "timed_out": False, "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
            "hits": {"total": {"value": total, "relation": "eq"}, "max_score": None,
                     "hits": [{"_index": "i", "_id": f"{c['type']}-{c['id']}", "_score": None, "_source": {"card": c}}
                              for c in cards]}}
    if aggregations is not None:
        body["aggregations"] = aggregations
    return body


def client_for(server, url=URL):
    class Node(BaseNode):
        def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
            status, payload = server.handle(method, target, body)
            headers = HttpHeaders({"content-type": "application/json", "x-elastic-product": "Elasticsearch"})
            meta = ApiResponseMeta(status=status, http_version="1.1", headers=headers, duration=0.0, node=self.config)
            return NodeApiResponse(meta, b"" if payload is None else json.dumps(payload).encode())

    return Elasticsearch(url, node_class=Node)


@pytest.fixture
def server():
    return FakeServer()


@pytest.fixture
def backend(server):
    return ElasticsearchBackend(URL, client=client_for(server))


def housing_document(object_id=7, language="sv", **extra):
    card = {"type": "housing", "id": object_id, "kommun": "pitea", "language": language, "title": "3 rum och kök",
            "summary": "Ljus trea nära skolan.", "address": "Storgatan 1", "neighbourhood": "Centrum",
            "nearest_school": "Solanderskolan", "latitude": 65.32, "longitude": 21.48, "monthly_rent_sek": 8200}
    document = {"doc_type": "housing", "object_id": object_id, "language": language, "kommun": "pitea",
                "title": "3 rum och kök", "terms": "3 rum och kök", "card": card,
                "text": "3 rum och kök Ljus trea nära skolan, med balkong mot älven. Storgatan 1 Centrum Solanderskolan", "latitude": 65.32, "longitude": 21.48,
                "tenure": "rental", "rooms": 3, "monthly_rent": 8200, "asking_price": None, "living_area": 74,
                "price": 8200, "date": datetime(2026, 3, 1, tzinfo=UTC), "school_km": 0.8,
                "commute_minutes": 6}
    document.update(extra)
    return document


def activity_document(object_id=3, language="en"):
    card = {"type": "activity", "id": object_id, "title": "Language café", "summary": "Speak Swedish over fika.",
            "place": "Stadsbiblioteket", "organiser": "ABF", "latitude": None, "longitude": None}
    return {"doc_type": "activity", "object_id": object_id, "language": language, "kommun": "boden",
            "title": "Language café", "terms": "languag café", "card": card,
            "text": "Language café Speak Swedish over fika. Stadsbiblioteket ABF", "latitude": None, "longitude": None,
            "category": "language-cafe", "audiences": "|adults|seniors|", "spoken": "|sv|en|",
            "date": datetime(2026, 5, 4, 16, 0, tzinfo=UTC),
            "end": datetime(2026, 5, 4, 18, 0, tzinfo=UTC), "price": 0, "free": True}


def search_body(server):
    (_method, _path, _params, body), = server.made("POST", r"/.*/_search")
    return body


def walk(node, path=()):
    """Every (path of keys, value) in a JSON body."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for value in node:
            yield from walk(value, path)


# --- indices and mappings ---------------------------------------------------------
SWEDISH_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "title": {"type": "text", "analyzer": "swedish"},
        "text": {"type": "text", "analyzer": "swedish", "fields": {
            "prefix": {"type": "text", "analyzer": "standard", "index_prefixes": {"min_chars": 2, "max_chars": 5}}}},
        "location": {"type": "geo_point"},
        "card": {"type": "object", "enabled": False},
        **{name: {"type": "keyword"} for name in ("doc_type", "language", "kommun", "tenure", "category", "occupation",
                                                  "employment_type", "audiences", "spoken")},
        **{name: {"type": "integer"} for name in ("object_id", "rooms", "monthly_rent", "asking_price", "living_area",
                                                  "price", "commute_minutes")},
        "school_km": {"type": "float"},
        "date": {"type": "date"},
        "end": {"type": "date"},
        "free": {"type": "boolean"},
    },
}


def test_first_index_creates_an_aliased_index_per_language_with_its_analyzer(backend, server):
    backend.index([housing_document()])

    (_, path, _, _), = server.made("GET", r"/_alias/.*")
    assert path == "/_alias/" + ",".join(sorted(f"norrbotten-housing-{lang}" for lang in LANGUAGES))
    creates = {path: body for _method, path, _params, body in server.made("PUT", CREATE)}
    assert len(creates) == 6
    analyzers = {}
    for path, body in creates.items():
        alias = re.fullmatch(r"/(norrbotten-housing-(\w\w))-\d{20}", path)
        assert alias, path
        assert body["aliases"] == {alias.group(1): {}}
        assert body["settings"] == {"number_of_shards": 1, "max_result_window": 25000}
        properties = body["mappings"]["properties"]
        assert properties["text"]["analyzer"] == properties["title"]["analyzer"]
        analyzers[alias.group(2)] = properties["title"]["analyzer"]
        if alias.group(2) == "sv":
            assert body["mappings"] == SWEDISH_MAPPING
    assert analyzers == {"sv": "swedish", "en": "english", "de": "german", "nl": "dutch", "pl": "polish",
                         "fi": "finnish"}


def test_the_polish_analyzer_can_be_replaced_where_the_stempel_plugin_is_missing(backend, server, settings):
    settings.ELASTICSEARCH_POLISH_ANALYZER = "standard"
    backend.index([housing_document(language="pl")])

    mapping = next(body["mappings"] for _, path, _, body in server.made("PUT", CREATE) if "-housing-pl-" in path)
    assert mapping["properties"]["title"] == {"type": "text", "analyzer": "standard"}
    assert mapping["properties"]["text"]["analyzer"] == "standard"
    assert mapping["properties"]["text"]["fields"] == SWEDISH_MAPPING["properties"]["text"]["fields"]


def test_only_missing_indices_are_created_and_only_once(backend, server):
    server.on("GET", r"/_alias/.*", {"norrbotten-housing-sv-20250101000000000000": {
        "aliases": {"norrbotten-housing-sv": {}}}, "error": "alias [norrbotten-housing-en] missing", "status": 404},
        status=404)
    backend.index([housing_document()])
    backend.index([housing_document(object_id=8)])

    assert len(server.made("GET", r"/_alias/.*")) == 1
    assert sorted(path.rsplit("-", 1)[0] for _, path, _, _ in server.made("PUT", CREATE)) == [
        f"/norrbotten-housing-{lang}" for lang in sorted(set(LANGUAGES) - {"sv"})]


def test_index_upserts_by_type_and_id_and_drops_languages_the_listing_no_longer_has(backend, server):
    count = backend.index([housing_document(language="sv"), housing_document(language="en"), activity_document()])

    assert count == 3
    (_, _, _, lines), = server.made("PUT", "/_bulk")
    assert lines[0] == {"index": {"_index": "norrbotten-housing-sv", "_id": "housing-7"}}
    assert lines[1] == {
        "doc_type": "housing", "language": "sv", "kommun": "pitea", "tenure": "rental", "object_id": 7, "rooms": 3,
        "monthly_rent": 8200, "living_area": 74, "price": 8200, "commute_minutes": 6, "school_km": 0.8,
        "date": "2026-03-01T00:00:00+00:00", "location": {"lat": 65.32, "lon": 21.48}, "title": "3 rum och kök",
        "text": "3 rum och kök Ljus trea nära skolan, med balkong mot älven. Storgatan 1 Centrum Solanderskolan",
        "card": housing_document()["card"],
    }  # no asking_price: None is left out, not indexed as null
    assert lines[2] == {"index": {"_index": "norrbotten-housing-en", "_id": "housing-7"}}
    activity = lines[5]
    assert lines[4] == {"index": {"_index": "norrbotten-activity-en", "_id": "activity-3"}}
    assert activity["audiences"] == ["adults", "seniors"] and activity["spoken"] == ["sv", "en"]
    assert activity["free"] is True and activity["end"] == "2026-05-04T18:00:00+00:00"
    assert "location" not in activity
    assert activity["text"] == "Language café Speak Swedish over fika. Stadsbiblioteket ABF"
    deletes = [line["delete"] for line in lines[6:]]
    assert deletes == [{"_index": f"norrbotten-housing-{lang}", "_id": "housing-7"} for lang in ("de", "nl", "pl", "fi")] \
        + [{"_index": f"norrbotten-activity-{lang}", "_id": "activity-3"} for lang in ("sv", "de", "nl", "pl", "fi")]


def test_remove_deletes_the_listing_in_every_language_and_ignores_not_found(backend, server):
    backend.remove("job", 12)  # the fake server answers every delete with 404

    (_, _, _, lines), = server.made("PUT", "/_bulk")
    assert lines == [{"delete": {"_index": f"norrbotten-job-{lang}", "_id": "job-12"}} for lang in LANGUAGES]
    assert not server.made("PUT", CREATE), "removing must not create indices"


# --- rebuild ------------------------------------------------------------------------
OLD = "norrbotten-housing-sv-20240101000000000000"


def test_rebuild_fills_new_indices_then_switches_every_alias_in_one_call_and_drops_the_old(backend, server):
    server.on("GET", r"/_alias/.*", {OLD: {"aliases": {"norrbotten-housing-sv": {}}}}, status=200)

    count = backend.rebuild(iter([housing_document(), activity_document()]))

    assert count == 2
    order = [(method, path) for method, path, _, _ in server.requests]
    creates = [path for _, path, _, _ in server.made("PUT", CREATE)]
    assert len(creates) == 24  # four types (homes, activities, jobs, pages) by six languages
    new = {path.lstrip("/").rsplit("-", 1)[0]: path.lstrip("/") for path in creates}
    stamp = new["norrbotten-housing-sv"].rsplit("-", 1)[1]
    assert all(index.endswith(stamp) for index in new.values()), "one timestamp per rebuild"
    assert all("aliases" not in body for _, _, _, body in server.made("PUT", CREATE)), "new indices are not searched yet"
    (_, _, _, lines), = server.made("PUT", "/_bulk")
    assert [next(iter(line.values()))["_index"] for line in lines[::2]] == [new["norrbotten-housing-sv"],
                                                                           new["norrbotten-activity-en"]]
    (_, _, _, switch), = server.made("POST", "/_aliases")
    actions = switch["actions"]
    assert actions[:2] == [{"remove": {"index": OLD, "alias": "norrbotten-housing-sv"}},
                           {"add": {"index": new["norrbotten-housing-sv"], "alias": "norrbotten-housing-sv"}}]
    assert sorted(a["add"]["alias"] for a in actions if "add" in a) == sorted(new)
    assert len(actions) == 25
    assert order.index(("PUT", "/_bulk")) < order.index(("POST", "/_aliases")), "aliases move only when filled"
    refresh = next(i for i, (method, path) in enumerate(order) if path.endswith("/_refresh"))
    assert refresh < order.index(("POST", "/_aliases"))
    assert order[-1] == ("DELETE", f"/{OLD}")


def test_a_failed_rebuild_leaves_the_aliases_alone_and_removes_its_new_indices(backend, server):
    server.on("PUT", "/_bulk", {"took": 1, "errors": True, "items": [
        {"index": {"_index": "x", "_id": "housing-7", "status": 400, "error": {"type": "mapper_parsing_exception"}}}]})

    with pytest.raises(Exception, match="1 document"):
        backend.rebuild([housing_document()])

    assert not server.made("POST", "/_aliases")
    (_, path, _, _), = server.made("DELETE")
    assert sorted(path.lstrip("/").split(",")) == sorted(p.lstrip("/") for _, p, _, _ in server.made("PUT", CREATE))


# --- search requests ------------------------------------------------------------------
def housing_query(**params):
    return parse("housing", {"kommun": "pitea", "tenure": "rental", "rooms_min": "3", "rent_max": "9000",
                             "q": "Lägenheter nära skolan", "near": "65.3172,21.4794", "within_km": "3",
                             "sort": "distance", "page": "2", "page_size": "10", **params})


FUZZY = {"fields": ["title^2", "text"], "operator": "and", "fuzziness": "AUTO:4,8", "prefix_length": 1,
         "max_expansions": 5, "fuzzy_transpositions": False, "zero_terms_query": "all"}


def test_search_sends_text_base_filters_post_filter_sort_and_page(backend, server):
    backend.search(housing_query())

    (_, path, params, body), = server.made("POST", r"/.*/_search")
    assert path == "/norrbotten-housing-sv/_search"
    assert params == {"ignore_unavailable": "true"}
    assert body["query"] == {"bool": {
        "must": [
            {"multi_match": {"query": "lägenheter nära", **FUZZY}},
            {"bool": {"minimum_should_match": 1, "should": [
                {"multi_match": {"query": "skolan", **FUZZY}},
                {"match_bool_prefix": {"text.prefix": {"query": "skolan"}}},
            ]}},
        ],
        "filter": [{"term": {"kommun": "pitea"}},
                   {"geo_distance": {"distance": "3.0km", "location": {"lat": 65.3172, "lon": 21.4794}}}],
    }}
    assert body["post_filter"] == {"bool": {"filter": [
        {"terms": {"tenure": ["rental"]}},
        {"range": {"rooms": {"gte": 3}}},
        {"bool": {"filter": [{"terms": {"tenure": ["rental", "room"]}}, {"range": {"monthly_rent": {"lte": 9000}}}]}},
    ]}}
    assert body["sort"] == [{"_geo_distance": {"location": {"lat": 65.3172, "lon": 21.4794}, "order": "asc", "unit": "km"}},
                            {"object_id": {"order": "asc"}}]
    assert (body["from"], body["size"], body["track_total_hits"], body["_source"]) == (10, 10, True, ["card"])


def test_each_facet_counts_under_every_filter_group_but_its_own(backend, server):
    backend.search(housing_query())
    aggs = search_body(server)["aggs"]

    tenure = {"terms": {"tenure": ["rental"]}}
    rooms = {"range": {"rooms": {"gte": 3}}}
    rent = {"bool": {"filter": [{"terms": {"tenure": ["rental", "room"]}}, {"range": {"monthly_rent": {"lte": 9000}}}]}}
    assert list(aggs) == ["tenure", "rooms", "rent", "area", "price"]  # one kommun: no kommun facet to count
    assert aggs["tenure"] == {"filter": {"bool": {"filter": [rooms, rent]}}, "aggs": {"counts": {
        "terms": {"field": "tenure", "include": ["rental", "tenant-owned", "house-for-sale", "room"], "size": 4}}}}
    assert aggs["rooms"] == {"filter": {"bool": {"filter": [tenure, rent]}}, "aggs": {"counts": {"range": {
        "field": "rooms", "ranges": [{"key": "1", "from": 1, "to": 2}, {"key": "2", "from": 2, "to": 3},
                                     {"key": "3", "from": 3, "to": 4}, {"key": "4", "from": 4, "to": 5},
                                     {"key": "5+", "from": 5}]}}}}
    assert aggs["rent"] == {"filter": {"bool": {"filter": [tenure, rooms]}}, "aggs": {"counts": {"range": {
        "field": "monthly_rent", "ranges": [{"key": "<6000", "to": 6000}, {"key": "6000-8999", "from": 6000, "to": 9000},
                                            {"key": "9000-11999", "from": 9000, "to": 12000},
                                            {"key": "12000+", "from": 12000}]}}}}
    assert aggs["area"]["filter"] == aggs["price"]["filter"] == {"bool": {"filter": [tenure, rooms, rent]}}
    assert {"term": {"kommun": "pitea"}} in search_body(server)["query"]["bool"]["filter"]

    backend.search(housing_query(kommun="pitea,boden"))  # several kommuner: counted, each ignoring the kommun filter
    aggs = search_body_of_last(server)["aggs"]
    assert aggs["kommun"]["filter"] == {"bool": {"filter": [tenure, rooms, rent]}}
    assert aggs["kommun"]["aggs"]["counts"]["terms"]["include"] == list(kommun_slugs())


def test_filter_groups_are_the_embedded_backends(backend, server):
    from cms.search.backends.columns import Columns, filter_masks
    from cms.search.backends.elasticsearch import _filters

    queries = [
        housing_query(rooms_max="4", rent_min="1", price_min="0", price_max="5", area_min="1", area_max="90",
                      school_km_max="2", commute_max="20", available_by="2026-04-01"),
        parse("activity", {"kommun": "boden", "date_from": "2026-05-01", "date_to": "2026-05-31",
                           "category": "sport", "audience": "families", "spoken": "sv,en", "free": "false"}),
        parse("job", {"occupation": "Nurse", "employment_type": "permanent"}),
        parse("all", {"type": "job,housing"}),
    ]
    for query in queries:  # one kommun or the whole region: no kommun group in either
        assert list(_filters(query)) == list(filter_masks(Columns.load([]), query))


def test_activity_dates_lists_and_free_filter_like_the_embedded_backend(backend, server):
    backend.search(parse("activity", {"date_from": "2026-05-01", "date_to": "2026-01-31", "audience": "families,children",
                                      "free": "true", "language": "en"}))

    body = search_body(server)
    start = "2026-05-01T00:00:00+02:00"  # a Stockholm day, in summer time
    assert body["post_filter"]["bool"]["filter"] == [
        {"terms": {"audiences": ["families", "children"]}},
        {"bool": {"minimum_should_match": 1, "should": [
            {"range": {"end": {"gte": start}}},
            {"bool": {"must_not": [{"exists": {"field": "end"}}], "filter": [{"range": {"date": {"gte": start}}}]}},
        ]}},
        {"range": {"date": {"lte": "2026-01-31T23:59:59+01:00"}}},
        {"term": {"free": True}},
    ]
    assert body["aggs"]["free"]["aggs"]["counts"] == {"filter": {"term": {"free": True}}}
    assert {"term": {"free": True}} not in body["aggs"]["free"]["filter"]["bool"]["filter"]
    assert body["query"] == {"bool": {"must": [], "filter": []}}


@pytest.mark.parametrize(("params", "sort"), [
    ({"q": "trea"}, [{"_score": {"order": "desc"}}, {"date": {"order": "asc", "missing": "_last"}}]),
    ({}, [{"date": {"order": "asc", "missing": "_last"}}]),
    ({"sort": "-price"}, [{"price": {"order": "desc", "missing": "_last"}}]),
    ({"sort": "area"}, [{"living_area": {"order": "asc", "missing": "_last"}}]),
])
def test_sorts_put_missing_values_last_and_break_ties_by_id(backend, server, params, sort):
    backend.search(parse("housing", params))
    assert search_body(server)["sort"] == [*sort, {"object_id": {"order": "asc"}}]


def test_whole_site_search_spans_the_four_indices_of_the_language(backend, server):
    backend.search(parse("all", {"language": "fi", "type": "job"}))

    (_, path, _, body), = server.made("POST", r"/.*/_search")
    assert path == "/norrbotten-housing-fi,norrbotten-activity-fi,norrbotten-job-fi,norrbotten-page-fi/_search"
    assert body["post_filter"] == {"bool": {"filter": [{"terms": {"doc_type": ["job"]}}]}}
    assert body["aggs"]["type"]["filter"] == {"bool": {"filter": []}}


HOSTILE = '"x" OR title:* {"query_string": {"query": "*"}} AND (rum) \\ ~2 kök*'


def test_user_text_reaches_elasticsearch_only_as_words_of_match_queries(backend, server):
    backend.search(parse("housing", {"q": HOSTILE}))

    body = search_body(server)
    keys = {key for path, _ in walk(body) for key in path}
    assert not keys & {"query_string", "simple_query_string", "regexp", "wildcard", "script"}
    texts = [(path, value) for path, value in walk(body) if isinstance(value, str)
             and any(word in value for word in ("rum", "kök", "query_string"))]
    assert texts, "the words must be searched for"
    for path, value in texts:
        assert path[-1] == "query" and path[-2] in ("multi_match", "text.prefix"), path
        assert re.fullmatch(r"[\w ]+", value), value
    words = [value for path, value in texts if path[-2] == "multi_match"]
    assert words == ["x or title query_string query and rum 2", "kök"]


def test_no_words_no_text_query(backend, server):
    backend.search(parse("housing", {"q": "*** ?"}))
    assert search_body(server)["query"] == {"bool": {"must": [], "filter": []}}


def test_a_one_letter_last_word_is_not_a_prefix(backend, server):
    backend.search(parse("housing", {"q": "a"}))
    assert search_body(server)["query"]["bool"]["must"] == [{"multi_match": {"query": "a", **FUZZY}}]


# --- search results -------------------------------------------------------------------
def test_a_response_becomes_the_embedded_backends_result(backend, server):
    near_card = {"type": "housing", "id": 7, "title": "3 rum och kök", "latitude": 65.3200, "longitude": 21.4800}
    unplaced = {"type": "housing", "id": 9, "title": "Rum", "latitude": None, "longitude": None}
    server.on("POST", r"/.*/_search", search_response(total=12, cards=[near_card, unplaced], aggregations={
        "kommun": {"doc_count": 30, "counts": {"buckets": [{"key": "pitea", "doc_count": 12},
                                                           {"key": "boden", "doc_count": 18}]}},
        "tenure": {"doc_count": 14, "counts": {"buckets": [{"key": "room", "doc_count": 2},
                                                           {"key": "rental", "doc_count": 12}]}},
        "rooms": {"doc_count": 20, "counts": {"buckets": [
            {"key": "1", "from": 1.0, "to": 2.0, "doc_count": 0}, {"key": "2", "from": 2.0, "to": 3.0, "doc_count": 5},
            {"key": "3", "from": 3.0, "to": 4.0, "doc_count": 12}, {"key": "4", "from": 4.0, "to": 5.0, "doc_count": 2},
            {"key": "5+", "from": 5.0, "doc_count": 1}]}},
        "rent": {"doc_count": 12, "counts": {"buckets": [
            {"key": "<6000", "to": 6000.0, "doc_count": 3}, {"key": "6000-8999", "from": 6000.0, "to": 9000.0, "doc_count": 9},
            {"key": "9000-11999", "from": 9000.0, "to": 12000.0, "doc_count": 0}, {"key": "12000+", "from": 12000.0, "doc_count": 0}]}},
    }))

    result = backend.search(housing_query(kommun="pitea,boden"))

    assert result.total == 12
    assert result.hits == [{**near_card, "distance_km": round(distance_km(PITEA, (65.32, 21.48)), 1)}, unplaced]
    assert result.hits[0]["distance_km"] == 0.3
    assert list(result.facets) == ["kommun", "tenure", "rooms", "rent", "area", "price"]
    assert result.facets["kommun"] == [{"value": slug, "count": {"pitea": 12, "boden": 18}.get(slug, 0)}
                                       for slug in kommun_slugs()]
    assert result.facets["tenure"] == [{"value": "rental", "count": 12}, {"value": "tenant-owned", "count": 0},
                                       {"value": "house-for-sale", "count": 0}, {"value": "room", "count": 2}]
    assert result.facets["rooms"] == [{"value": v, "count": c} for v, c in (("1", 0), ("2", 5), ("3", 12), ("4", 2),
                                                                            ("5+", 1))]
    assert result.facets["rent"] == [{"value": "<6000", "count": 3}, {"value": "6000-8999", "count": 9},
                                     {"value": "9000-11999", "count": 0}, {"value": "12000+", "count": 0}]
    assert result.facets["area"] == [{"value": v, "count": 0} for v in ("<40", "40-69", "70-99", "100+")]


@pytest.mark.parametrize("doc_type", ["housing", "activity", "job", "all"])
def test_facet_names_and_buckets_are_the_embedded_backends(backend, server, doc_type):
    from cms.search.backends.columns import facet_buckets

    query = parse(doc_type, {})
    result = backend.search(query)  # the canned response has no aggregations: every count is 0

    embedded = {"kommun": list(kommun_slugs())}  # the whole region: every kommun counted
    embedded.update({facet: [value for value, _bucket in buckets] for facet, buckets in facet_buckets(doc_type).items()})
    embedded.update({"occupation": []} if doc_type == "job" else {})
    assert list(result.facets) == list(embedded)
    assert {facet: [b["value"] for b in buckets] for facet, buckets in result.facets.items()} == embedded
    assert all(bucket["count"] == 0 for buckets in result.facets.values() for bucket in buckets)


def test_free_and_occupation_facets(backend, server):
    server.on("POST", r"/.*/_search", search_response(aggregations={"free": {"doc_count": 9, "counts": {"doc_count": 4}}}))
    assert backend.search(parse("activity", {})).facets["free"] == [{"value": True, "count": 4}]

    server.on("POST", r"/.*/_search", search_response(aggregations={"occupation": {"doc_count": 9, "counts": {"buckets": [
        {"key": "Nurse", "doc_count": 5}, {"key": "", "doc_count": 3}, {"key": "Welder", "doc_count": 1}]}}}))
    job = parse("job", {})
    assert backend.search(job).facets["occupation"] == [{"value": "Nurse", "count": 5}, {"value": "Welder", "count": 1}]
    occupation = search_body_of_last(server)["aggs"]["occupation"]["aggs"]["counts"]
    assert occupation == {"terms": {"field": "occupation", "size": 50, "exclude": [""], "order": [{"_count": "desc"}, {"_key": "asc"}]}}


def search_body_of_last(server):
    return server.made("POST", r"/.*/_search")[-1][3]


# --- errors ---------------------------------------------------------------------------
def test_an_unreachable_server_is_named_without_its_credentials(server):
    server.down = True
    backend = ElasticsearchBackend("http://search:s3cret@search.test:9200",
                                   client=client_for(server, "http://search.test:9200"))

    with pytest.raises(SearchUnavailable, match=r"^Elasticsearch at http://search\.test:9200 could not be reached") as error:
        backend.search(parse("housing", {}))
    assert "s3cret" not in str(error.value)
    with pytest.raises(SearchUnavailable, match="search.test:9200"):
        backend.index([housing_document()])


def test_replacing_a_kommun_indexes_its_documents_then_deletes_the_rest_of_it(backend, server):
    backend.replace_kommun("pitea", [housing_document()])

    (_, _, _, lines), = server.made("PUT", "/_bulk")
    assert lines[0] == {"index": {"_index": "norrbotten-housing-sv", "_id": "housing-7"}}
    (_, path, params, body), = server.made("POST", r"/.*/_delete_by_query")
    assert "norrbotten-housing-sv" in path and "norrbotten-job-fi" in path
    assert body["query"] == {"bool": {"filter": [{"term": {"kommun": "pitea"}}],
                                      "must_not": [{"ids": {"values": ["housing-7"]}}]}}
