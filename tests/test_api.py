"""The public headless API shows only what is live, published and approved."""

import pytest
from wagtail.models import Locale, PageViewRestriction

from cms.activities.models import ModerationStatus
from cms.base.demo.generated import sizes
from cms.base.site_config import load_all_sites
from cms.topics.models import TopicPage
from tests.helpers import make_activity, make_housing, make_job

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_pages_lists_pitea_english_pages(client, kommun):
    pitea = kommun("pitea")
    response = client.get("/api/v2/pages/", {"site": "pitea.localhost", "locale": "en", "limit": 100})
    listed = titles(response)
    english = Locale.objects.get(language_code="en")
    home_en = pitea.site.root_page.get_translation(english)
    assert home_en.title in listed
    assert response.json()["meta"]["total_count"] >= 1 + 5 + 1 + 2 + 1 + 6
    assert all(item["meta"]["locale"] == "en" for item in response.json()["items"])
    # Nothing of another kommun leaks into Piteå's listing.
    boden_home_en = kommun("boden").site.root_page.get_translation(english)
    ids = {item["id"] for item in response.json()["items"]}
    assert boden_home_en.pk not in ids


def test_drafts_and_private_pages_never_appear(client, kommun):
    home = kommun("pitea").site.root_page
    draft = TopicPage(
        title="Secret draft page",
        slug="secret-draft",
        topic="other",
        intro="Draft.",
        body=[{"type": "paragraph", "value": "<p>Draft.</p>"}],
        live=False,
    )
    home.add_child(instance=draft)
    draft.save_revision()
    private = TopicPage(
        title="Private page",
        slug="private",
        topic="other",
        intro="Private.",
        body=[{"type": "paragraph", "value": "<p>Private.</p>"}],
    )
    home.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="hunter2")

    listed = titles(client.get("/api/v2/pages/", {"site": "pitea.localhost", "locale": "sv", "limit": 100}))
    assert "Secret draft page" not in listed
    assert "Private page" not in listed
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404


def test_listings_show_only_live_and_approved(client, kommun):
    pitea = kommun("pitea")
    make_housing(pitea, "Utkastgatan 1", live=False)
    make_job(pitea, "Draft job", live=False)
    make_activity(pitea, "Waiting activity", moderation_status=ModerationStatus.PENDING)
    make_activity(pitea, "Approved activity")

    housing = client.get("/api/v2/housing/", {"kommun": "pitea", "limit": 100}).json()
    assert housing["count"] == sizes(load_all_sites())["pitea"]["homes"]  # the demo's homes, no draft
    assert "Utkastgatan 1" not in [item["address"] for item in housing["results"]]
    jobs = client.get("/api/v2/jobs/", {"kommun": "pitea", "limit": 100}).json()
    assert "Draft job" not in [item["title"] for item in jobs["results"]]
    activities = client.get("/api/v2/activities/", {"kommun": "pitea", "limit": 100}).json()
    listed = [item["title"] for item in activities["results"]]
    assert "Approved activity" in listed and "Waiting activity" not in listed


def test_listings_come_in_the_requested_language(client):
    english = client.get("/api/v2/housing/", {"kommun": "pitea", "lang": "en", "limit": 1}).json()["results"][0]
    swedish = client.get("/api/v2/housing/", {"kommun": "pitea", "lang": "sv", "limit": 1}).json()["results"][0]
    assert english["id"] == swedish["id"]
    assert english["description"] != swedish["description"]
    assert english["neighbourhood"]["name"] == swedish["neighbourhood"]["name"]
    assert english["kommun"] == "pitea"


def test_listings_filter_by_several_kommuner(client):
    both = client.get("/api/v2/jobs/", {"kommun": "pitea,boden", "limit": 100}).json()
    assert {item["kommun"] for item in both["results"]} == {"pitea", "boden"}
    size = sizes(load_all_sites())
    assert both["count"] == size["pitea"]["jobs"] + size["boden"]["jobs"]


@pytest.mark.parametrize("params, field", [({"kommun": "atlantis"}, "kommun"), ({"lang": "xx"}, "lang")])
def test_bad_parameters_are_named(client, params, field):
    response = client.get("/api/v2/housing/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_is_read_only(client):
    assert client.post("/api/v2/housing/", {"address": "x"}).status_code == 405
    assert client.delete("/api/v2/jobs/1/").status_code in (404, 405)
