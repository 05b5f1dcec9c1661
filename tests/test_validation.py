"""Editors get clear validation messages for impossible listings, through the real admin."""

import re

import pytest
from django.urls import reverse

from cms.activities.models import Activity
from cms.housing.models import HousingListing
from tests.helpers import story_index_publish_form

pytestmark = pytest.mark.django_db


def inline(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data.update({f"{prefix}-{number}-{key}": value for key, value in row.items()})
        data[f"{prefix}-{number}-ORDER"] = str(number + 1)
        data[f"{prefix}-{number}-DELETE"] = ""
    return data


def housing_form(kommun, **overrides):
    data = {
        "kommun": str(kommun.pk),
        "address": "Storgatan 5",
        "latitude": "65.32",
        "longitude": "21.48",
        "tenure": "rental",
        "rooms": "3",
        "living_area_m2": "74",
        "monthly_rent_sek": "8200",
        "landlord": "Pitebo",
        "images-count": "0",
        **inline("translations", [{"language_code": "sv", "title": "", "description": "Ljus trea."}]),
    }
    data.update(overrides)
    return data


def errors_of(response):
    """The error messages the admin shows next to fields and at the top of the form."""
    html = response.content.decode()
    found = re.findall(r'class="[^"]*error-message[^"]*"[^>]*>(.*?)</', html, re.S)
    found += re.findall(r'<li class="error">(.*?)</li>', html, re.S)
    found += re.findall(r'class="help-block help-critical"[^>]*>(.*?)</', html, re.S)
    return " | ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", m)).strip() for m in found)


def post_housing(client, kommun, **overrides):
    return client.post(reverse(HousingListing.snippet_viewset.get_url_name("add")), housing_form(kommun, **overrides))


def test_a_valid_listing_is_saved(editor_client, kommun):
    pitea = kommun("pitea")
    response = post_housing(editor_client("pitea"), pitea, address="Giltiggatan 3")
    assert response.status_code == 302, errors_of(response)[:2000]
    assert HousingListing.objects.filter(address="Giltiggatan 3", kommun=pitea).exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"monthly_rent_sek": "-100"}, "greater than or equal to 0"),
        ({"rooms": "0"}, "greater than or equal to 1"),
        ({"latitude": "59.33"}, "outside Norrbotten"),
        ({"monthly_rent_sek": ""}, "needs its monthly rent"),
        (
            inline("translations", [{"language_code": "en", "title": "", "description": "Bright flat."}]),
            "Swedish (sv) text is required",
        ),
        (
            inline("translations", [{"language_code": "sv", "title": "", "description": ""}]),
            "The sv translation has no description",
        ),
    ],
)
def test_impossible_listings_are_refused_with_a_message(editor_client, kommun, overrides, message):
    pitea = kommun("pitea")
    before = HousingListing.objects.count()
    response = post_housing(editor_client("pitea"), pitea, address="Felgatan 1", **overrides)
    assert response.status_code == 200
    assert message in errors_of(response)
    assert HousingListing.objects.count() == before


def test_an_activity_ending_before_it_starts_is_refused(editor_client, kommun):
    pitea = kommun("pitea")
    data = {
        "kommun": str(pitea.pk),
        "category": "outdoors",
        "moderation_status": "approved",
        "rejection_reason": "",
        "place": "Badhusparken",
        "latitude": "65.32",
        "longitude": "21.48",
        "start": "2027-03-06 12:00",
        "end": "2027-03-06 10:00",
        "recurrence": "",
        "until": "",
        "audience": ["adults"],
        "languages": ["sv"],
        "price_sek": "0",
        "organiser": "Piteå kommun",
        "contact_email": "",
        "contact_phone": "",
        "images-count": "0",
        **inline("translations", [{"language_code": "sv", "title": "Skridsko", "description": "Åk skridsko."}]),
    }
    client = editor_client("pitea")
    response = client.post(reverse(Activity.snippet_viewset.get_url_name("add")), data)
    assert response.status_code == 200
    assert "ends before it starts" in errors_of(response)
    assert not Activity.objects.filter(place="Badhusparken").exists()


def test_an_editor_publishes_an_edit_of_their_own_page_and_it_shows_in_history(editor_client, kommun):
    from wagtail.models import PageLogEntry

    from cms.stories.models import StoryIndexPage

    index = StoryIndexPage.objects.descendant_of(kommun("pitea").site.root_page).get()
    client = editor_client("pitea")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[index.pk]),
        story_index_publish_form("Berättelser från nya pitebor", index.slug),
    )
    assert response.status_code == 302, errors_of(response)
    index.refresh_from_db()
    assert index.title == "Berättelser från nya pitebor" and index.live
    assert PageLogEntry.objects.filter(page=index, action="wagtail.publish", user__username="editor-pitea").exists()
