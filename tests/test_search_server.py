"""The search server backends against a real server: what a cluster in production would do to them.

Runs where ELASTICSEARCH_URL is set: `.ci/run` starts an Elasticsearch node (security on, a
password of its own) and then an OpenSearch node from Maven Central with tests/search_server.py
and runs this module under each; elsewhere these tests are deselected (marked search_server).
Each test works under a prefix of its own and deletes its indices afterwards. No database: the
documents are made here.
"""

import secrets
import threading
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import pytest

from cms.search.backends import get_backend
from cms.search.backends.query_dsl import mappings
from cms.search.backends.server import SearchRejected, SearchUnavailable
from cms.search.query import parse
from tests.conftest import delete_indices_of

pytestmark = pytest.mark.search_server


@pytest.fixture
def backend(settings):
    """A backend under a prefix of this test's own (upper case on purpose: index names must be lower)."""
    settings.ELASTICSEARCH_INDEX_PREFIX = f"Test-{secrets.token_hex(3)}"
    backend = get_backend()
    yield backend
    delete_indices_of(backend)


def housing(object_id, words="Ljus trea nära skolan", rent=8000, language="sv"):
    from cms.search import text

    card = {
        "type": "housing",
        "id": object_id,
        "kommun": "pitea",
        "language": language,
        "title": words,
        "monthly_rent_sek": rent,
        "latitude": 65.32,
        "longitude": 21.48,
    }
    return {
        "doc_type": "housing",
        "object_id": object_id,
        "language": language,
        "kommun": "pitea",
        "title": words,
        "text": words,
        "terms": " ".join(text.terms(words, language)),
        "card": card,
        "latitude": 65.32,
        "longitude": 21.48,
        "tenure": "rental",
        "rooms": 3,
        "monthly_rent": rent,
        "asking_price": None,
        "living_area": 70,
        "price": rent,
        "date": datetime(2026, 3, 1, tzinfo=UTC),
        "school_km": 1.0,
        "commute_minutes": 5,
    }


def found(backend, q="", **params):
    result = backend.search(parse("housing", {"language": "sv", "page_size": "50", "q": q, **params}))
    return {hit["id"]: hit for hit in result.hits}


def indices(backend):
    return set(backend.call("indices.get", missing_ok=True, index=f"{backend.prefix}-*"))


def test_the_live_mapping_is_the_backends_and_the_prefix_is_lower_cased(backend, settings):
    settings.ELASTICSEARCH_SHARDS, settings.ELASTICSEARCH_REPLICAS = 2, 0
    backend.rebuild([housing(1)])
    assert backend.prefix == backend.prefix.lower()
    index = backend.call("indices.get_alias", name=backend.alias("housing", "sv"))
    (name,) = index
    live = backend.call("indices.get_mapping", index=name)[name]["mappings"]
    assert live == mappings()
    assert backend.call("indices.get_settings", index=name)[name]["settings"]["index"]["number_of_shards"] == "2"


def test_words_match_stemmed_with_typos_and_as_prefix_in_polish_too(backend):
    backend.rebuild([housing(1, "Mieszkanie z balkonem", language="pl"), housing(2, "Dom nad jeziorem", language="pl")])

    def search(q):
        return {hit["id"] for hit in backend.search(parse("housing", {"language": "pl", "q": q})).hits}

    assert search("mieszkania") == {1}  # another form, Snowball's Polish stemmer on both sides
    assert search("mieszkanei") == {1}  # a typo
    assert search("jezio") == {2}  # still typing


def test_a_failed_rebuild_leaves_the_live_indices_alone_and_no_new_ones(backend, settings):
    backend.rebuild([housing(1)])
    before = indices(backend)
    settings.ELASTICSEARCH_SHARDS = 0  # the server refuses to create such an index
    with pytest.raises(SearchRejected, match="number_of_shards"):
        backend.rebuild([housing(1), housing(2)])
    assert indices(backend) == before
    assert set(found(backend)) == {1}


def test_a_document_the_mapping_refuses_is_named_and_nothing_already_indexed_is_lost(backend):
    backend.rebuild([housing(1)])
    with pytest.raises(SearchRejected, match="refused 1 documents"):
        backend.rebuild([housing(1), {**housing(2), "rooms": "three"}])
    assert set(found(backend)) == {1}


def test_two_writers_before_the_alias_exists_make_one_index(backend, settings):
    writers = [get_backend() for _ in range(4)]
    errors = []

    def write(writer, object_id):
        try:
            writer.index([housing(object_id)])
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(writer, n)) for n, writer in enumerate(writers, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    aliased = backend.call("indices.get_alias", name=backend.alias("housing", "sv"))
    assert len(aliased) == 1
    backend.call("indices.refresh", index=backend.alias("housing", "sv"))
    assert set(found(backend)) == {1, 2, 3, 4}


def test_changes_made_while_a_rebuild_runs_are_kept_after_the_switch(backend, settings):
    backend.rebuild([housing(n) for n in range(1, 4)])
    publisher = get_backend()

    def documents():  # the rebuild has read the old rent of 1; then an editor publishes, unpublishes, adds
        yield housing(1, rent=8000)
        publisher.index([housing(1, rent=9100)])
        publisher.remove("housing", 3)
        publisher.index([housing(4)])
        yield housing(2)  # the rebuild reads on, no longer finding 3

    backend.rebuild(documents())
    after = found(backend)
    assert set(after) == {1, 2, 4}
    assert after[1]["monthly_rent_sek"] == 9100
    aliases = backend.call("indices.get_alias", index=f"{backend.prefix}-*")
    assert not any(name.endswith("-next") for entry in aliases.values() for name in entry["aliases"])


def test_searching_during_a_rebuild_never_fails_nor_comes_back_empty(backend):
    backend.rebuild([housing(n) for n in range(1, 30)])
    stop, answers, errors = threading.Event(), [], []

    def search_continuously():
        while not stop.is_set():
            try:
                answers.append(len(found(backend, "trea")))
            except Exception as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)

    searcher = threading.Thread(target=search_continuously)
    searcher.start()
    try:
        for _ in range(2):
            backend.rebuild([housing(n) for n in range(1, 30)])
    finally:
        stop.set()
        searcher.join()
    assert not errors
    assert answers and min(answers) == 29


def test_replacing_a_kommun_keeps_its_listings_and_deletes_the_rest_of_it(backend):
    backend.rebuild([housing(n) for n in range(1, 5)] + [{**housing(9), "kommun": "boden"}])
    backend.replace_kommun("pitea", [housing(1, rent=7000), housing(2)])
    assert {n: hit["monthly_rent_sek"] for n, hit in found(backend).items()} == {1: 7000, 2: 8000, 9: 8000}


@pytest.mark.django_db
def test_wrong_credentials_are_reported_as_such_and_the_api_answers_503(backend, settings, client):
    settings.ELASTICSEARCH_PASSWORD = "not-the-password"
    refused = get_backend()
    with pytest.raises(SearchUnavailable, match=r"refused our credentials \(401\)"):
        refused.search(parse("housing", {}))
    answer = client.get("/api/search/housing")
    assert answer.status_code == 503
    assert "unavailable" in answer.json()["error"]


def test_a_tls_failure_is_reported_as_one(backend, settings):
    https = urlunsplit(urlsplit(settings.ELASTICSEARCH_URL)._replace(scheme="https"))
    with pytest.raises(SearchUnavailable, match="could not be reached.*(TLS|SSL)"):
        type(backend)(https).search(parse("housing", {}))


def test_several_nodes_in_the_url_are_used_and_a_dead_one_is_passed_over(backend, settings):
    """ELASTICSEARCH_URL may name a cluster's nodes separated by commas (README, "Pointing the backend at a
    multi-node cluster"): with one of two nodes down, every search is answered by the other."""
    settings.ELASTICSEARCH_RETRIES = 2
    dead = f"http://127.0.0.1:{_closed_port()}"
    several = type(backend)(f"{dead}, {settings.ELASTICSEARCH_URL}")
    several.prefix = backend.prefix
    backend.rebuild([housing(1), housing(2, "Tyst etta vid skogen")])
    for _ in range(8):  # the client picks nodes in turn: the dead one is met, and passed over
        assert set(found(several)) == {1, 2}


@pytest.mark.django_db
def test_a_stopped_server_is_named_without_credentials_and_the_api_answers_503(settings, client):
    port = _closed_port()
    settings.ELASTICSEARCH_URL = f"http://elastic:secret@127.0.0.1:{port}"
    settings.ELASTICSEARCH_RETRIES = 0
    with pytest.raises(SearchUnavailable, match=f"127.0.0.1:{port} could not be reached") as raised:
        get_backend().search(parse("housing", {}))
    assert "secret" not in str(raised.value)
    answer = client.get("/api/search/housing")
    assert answer.status_code == 503


@pytest.mark.django_db
def test_publishing_with_the_server_down_publishes_and_says_the_next_run_repairs_the_index(settings, tmp_path, caplog):
    from cms.sitebuild import pipeline

    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{_closed_port()}"
    settings.ELASTICSEARCH_RETRIES = 0
    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    assert not report.failed and report.published
    assert (tmp_path / "public" / "pitea" / "sv" / "index.html").exists()  # the site went live
    assert "Could not reindex pitea for search; the site is published all the same" in caplog.text
    assert "until the next run repairs it" in caplog.text


def _closed_port():
    import socket

    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
