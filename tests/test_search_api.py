"""The public search API as a visitor's browser or another service meets it."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

DONE_WHEN = "/api/search/housing?kommun=pitea&tenure=rental&rooms_min=3&rooms_max=3&rent_max=9000"


def test_three_room_rentals_in_pitea_under_9000(client):
    from cms.housing.models import HousingListing

    expected = set(
        HousingListing.objects.filter(
            kommun__slug="pitea", live=True, tenure="rental", rooms=3, monthly_rent_sek__lte=9000
        ).values_list("pk", flat=True)
    )
    for language in ("sv", "en"):
        response = client.get(f"{DONE_WHEN}&language={language}")
        assert response.status_code == 200
        body = response.json()
        assert {hit["id"] for hit in body["hits"]} == expected
        assert body["total"] == len(expected) and body["pages"] == 1
        assert {b["value"]: b["count"] for b in body["facets"]["tenure"]}["rental"] == len(expected)
        assert all(hit["url"].startswith(f"https://move.pitea.se/{language}/housing/") for hit in body["hits"])


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("rooms_min=three", "rooms_min"),
        ("rent_max=-5", "rent_max"),
        ("tenure=castle", "tenure"),
        ("kommun=stockholm", "kommun"),
        ("language=xx", "language"),
        ("page_size=500", "page_size"),
        ("page=0", "page"),
        ("sort=distance", "sort"),
        ("within_km=5", "within_km"),
        ("near=north", "near"),
        ("available_by=tomorrow", "available_by"),
        ("colour=red", "colour"),
        ("tenure=rental&tenure=room", "tenure"),
        ("q=" + "a" * 201, "q"),
    ],
)
@pytest.mark.no_search_server
def test_a_bad_parameter_gets_a_400_that_names_it(client, query, parameter):
    response = client.get(f"/api/search/housing?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert parameter in body["error"]


@pytest.mark.no_search_server
def test_nothing_writes(client):
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/api/search/housing").status_code == 405


def test_unpublishing_a_listing_removes_it_from_results_at_once(client, django_capture_on_commit_callbacks):
    from cms.housing.models import HousingListing

    listing = HousingListing.objects.filter(kommun__slug="pitea", live=True, tenure="rental").first()
    url = f"/api/search/housing?kommun=pitea&q={listing.address.split()[0]}"
    assert listing.pk in {hit["id"] for hit in client.get(url).json()["hits"]}
    with django_capture_on_commit_callbacks(execute=True):
        listing.unpublish()
    assert listing.pk not in {hit["id"] for hit in client.get(url).json()["hits"]}
    with django_capture_on_commit_callbacks(execute=True):
        listing.save_revision().publish()
    assert listing.pk in {hit["id"] for hit in client.get(url).json()["hits"]}
    with django_capture_on_commit_callbacks(execute=True):
        listing.delete()
    assert listing.pk not in {hit["id"] for hit in client.get(url).json()["hits"]}


def test_an_edit_is_searchable_at_once(client, django_capture_on_commit_callbacks):
    from cms.activities.models import Activity

    activity = Activity.objects.filter(kommun__slug="boden", live=True).first()
    row = activity.translations.get(language_code="en")
    row.title = "Snowshoe walk with the Frostfjaril club"
    with django_capture_on_commit_callbacks(execute=True):
        row.save()
        activity.save_revision().publish()
    hits = client.get("/api/search/activities?language=en&q=frostfjaril").json()["hits"]
    assert [hit["title"] for hit in hits] == ["Snowshoe walk with the Frostfjaril club"]


def test_cors_only_for_the_microsites(client):
    allowed = client.get(DONE_WHEN, HTTP_ORIGIN="https://move.pitea.se")
    assert allowed["Access-Control-Allow-Origin"] == "https://move.pitea.se"
    other = client.get(DONE_WHEN, HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other


@override_settings(SEARCH_RATE_LIMIT=3)
def test_a_flood_from_one_client_is_slowed_down(client):
    from django.core.cache import cache

    cache.clear()
    codes = [client.get("/api/search/jobs").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert client.get("/api/search/jobs", REMOTE_ADDR="10.0.0.9").status_code == 200  # another client
    cache.clear()


@pytest.mark.urls("cms.public_urls")
def test_the_public_service_alone_has_no_admin(client):
    assert client.get("/admin/").status_code == 404
    assert client.get("/api/v2/pages/").status_code == 404
    assert client.get(DONE_WHEN).status_code == 200


@pytest.mark.no_search_server
def test_the_openapi_document_describes_every_endpoint_and_parameter(client):
    document = client.get("/api/search/openapi.json").json()
    assert document["openapi"].startswith("3.")
    [search] = document["paths"]["/api/search/housing"]["get"]["parameters"]
    assert (search["in"], search["style"], search["explode"]) == ("query", "form", True)  # each its own parameter
    names = set(search["schema"]["properties"])
    assert "need `near`" in search["description"] and "empty" in search["description"]
    assert {"anyOf": [{"not": {"required": ["within_km"]}}, {"required": ["near"]}]} in search["schema"]["allOf"]
    assert {
        "kommun",
        "language",
        "q",
        "tenure",
        "rooms_min",
        "rent_max",
        "near",
        "within_km",
        "sort",
        "page",
        "page_size",
        "school_km_max",
        "available_by",
    } <= names
    assert set(document["paths"]) == {
        *(f"/api/search/{e}" for e in ("housing", "activities", "jobs", "site")),
        "/api/events",
        "/api/activities/submit",
        "/api/contact",
        "/privacy/{kommun}/{language}/{token}",
    }


def test_the_nightly_publish_repairs_what_the_index_missed(client, tmp_path):
    from cms.housing.models import HousingListing
    from cms.search.backends import get_backend
    from cms.sitebuild import pipeline

    listing = HousingListing.objects.filter(kommun__slug="pitea", live=True, tenure="rental").first()
    url = "/api/search/housing?kommun=pitea&tenure=rental&page_size=50"
    get_backend().remove("housing", listing.pk)  # as if an update had not reached the index
    assert listing.pk not in {hit["id"] for hit in client.get(url).json()["hits"]}
    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    assert not report.failed
    assert listing.pk in {hit["id"] for hit in client.get(url).json()["hits"]}


@pytest.mark.no_search_server
def test_a_search_server_set_up_wrong_is_named_and_the_api_answers_503(client, settings):
    from django.core.exceptions import ImproperlyConfigured

    from cms.search.backends import get_backend

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.SEARCH_SERVER = "solr"
    with pytest.raises(
        ImproperlyConfigured, match="SEARCH_SERVER is 'solr'; it must be one of elasticsearch, opensearch"
    ):
        get_backend()
    assert client.get("/api/search/housing").status_code == 503
    settings.SEARCH_SERVER, settings.ELASTICSEARCH_API_KEY = "opensearch", "an-api-key"
    with pytest.raises(ImproperlyConfigured, match="OpenSearch takes no API key"):
        get_backend()
