"""The guards every public endpoint shares (cms.base.public_endpoints), as a client meets them.

Whose requests the rate limits count (the address the trusted proxy added, never what the
client wrote into X-Forwarded-For), origins that are refused (`null` among them), methods
the endpoints do not know (405 with Allow, not the CSRF middleware's HTML 403), and bodies
nested too deep to read.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client

from tests.helpers import submission

pytestmark = pytest.mark.django_db
PITEA = "https://move.pitea.se"


@pytest.fixture
def published(published_sites, settings):
    settings.PUBLISHED_SITES_ROOT = published_sites[0] / "public"


def searches(client, forwarded_for, remote="10.0.0.1"):
    return client.get("/api/search/jobs", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR=remote).status_code


def test_behind_one_proxy_the_address_it_added_is_counted_whatever_the_client_wrote(client, settings):
    settings.TRUSTED_PROXY_COUNT, settings.SEARCH_RATE_LIMIT = 1, 2
    # nginx appends the address it saw (203.0.113.5) to whatever the client sent.
    statuses = [searches(client, f"198.51.100.{n}, 203.0.113.5") for n in range(3)]
    assert statuses == [200, 200, 429]
    assert searches(client, "203.0.113.5, 203.0.113.6") == 200  # another client, whatever it claims to be


def test_behind_two_proxies_the_second_value_from_the_right_is_the_client(client, settings):
    settings.TRUSTED_PROXY_COUNT, settings.SEARCH_RATE_LIMIT = 2, 2
    statuses = [searches(client, f"192.0.2.{n}, 203.0.113.7, 10.0.0.2") for n in range(3)]
    assert statuses == [200, 200, 429]


def test_without_trusted_proxies_the_header_is_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT, settings.SEARCH_RATE_LIMIT = 0, 2
    statuses = [searches(client, f"198.51.100.{n}", remote="10.0.0.3") for n in range(3)]
    assert statuses == [200, 200, 429]


def test_a_header_shorter_than_the_proxy_chain_counts_the_connection(client, settings):
    settings.TRUSTED_PROXY_COUNT, settings.SEARCH_RATE_LIMIT = 2, 2
    statuses = [searches(client, f"198.51.100.{n}", remote="10.0.0.4") for n in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    "path",
    [
        "/api/activities/submit?kommun=pitea&language=sv",
        "/api/contact?kommun=pitea&language=sv",
        "/privacy/pitea/sv/any-token",
    ],
)
def test_origin_null_is_refused_by_the_forms(client, published, path):
    response = client.post(path, submission(), HTTP_ORIGIN="null")
    assert response.status_code == 403


def test_origin_null_is_refused_by_the_events_endpoint(client):
    response = client.post(
        "/api/events", "{}", content_type="text/plain", HTTP_ORIGIN="null", HTTP_USER_AGENT="Mozilla/5.0 Chrome/131.0"
    )
    assert response.status_code == 403


def test_brackets_nested_2_kb_deep_are_a_400_that_says_so(client):
    response = client.post(
        "/api/events",
        "[" * 2048,
        content_type="text/plain",
        HTTP_ORIGIN=PITEA,
        HTTP_USER_AGENT="Mozilla/5.0 Chrome/131.0",
    )
    assert response.status_code == 400
    assert "nests deeper" in response.json()["error"]


@pytest.mark.parametrize("method", ["QUERY", "FOO", "PUT"])
@pytest.mark.parametrize(
    "path, allowed",
    [
        ("/api/search/housing", {"GET", "HEAD", "OPTIONS"}),
        ("/api/search/openapi.json", {"GET", "HEAD"}),
        ("/search/pitea/sv/housing", {"GET", "HEAD"}),
        ("/api/events", {"POST", "OPTIONS"}),
        ("/api/activities/submit?kommun=pitea&language=sv", {"POST", "OPTIONS"}),
        ("/api/contact?kommun=pitea&language=sv", {"POST", "OPTIONS"}),
        ("/privacy/pitea/sv/any-token", {"GET", "POST"}),
    ],
)
def test_a_method_an_endpoint_does_not_know_is_a_405_with_allow(published, method, path, allowed):
    client = Client(enforce_csrf_checks=True)  # as a real client meets the CSRF middleware
    response = client.generic(method, path)
    assert response.status_code == 405
    assert {m.strip() for m in response["Allow"].split(",")} == allowed


def test_the_database_cache_counts_and_keeps_the_window(settings):
    """The database cache's own incr: Django's inherited one re-sets the entry with the default
    timeout (300 s), so an hour's window would end after five minutes."""
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "cms.base.cache.AtomicDatabaseCache", "LOCATION": "norrbotten_test_cache"},
    }
    call_command("createcachetable", verbosity=0)
    cache = caches["shared"]
    assert cache.add("counter", 1, timeout=3600)
    assert [cache.incr("counter") for _ in range(3)] == [2, 3, 4]
    assert cache.get("counter") == 4
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM norrbotten_test_cache WHERE cache_key LIKE %s", ["%counter"])
        [(expires,)] = cursor.fetchall()
    expires = expires if isinstance(expires, datetime) else datetime.fromisoformat(str(expires))
    expires = expires if expires.tzinfo else expires.replace(tzinfo=UTC)
    assert expires - datetime.now(UTC) > timedelta(minutes=59)
    with pytest.raises(ValueError):
        cache.incr("missing")
