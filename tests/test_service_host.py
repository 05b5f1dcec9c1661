"""The public service on a host of its own (PUBLIC_API_URL set, as in a deployment where the API is
api.<domain> and the sites are static elsewhere): a visitor without JavaScript gets the microsite's
page back from the service, and every link, image and script in it must still lead to the
microsite, while the forms and the search pager stay on the service."""

import re

import pytest

from tests.helpers import submission, submit_activity

pytestmark = pytest.mark.django_db
SERVICE = "https://api.norrbotten.example"
PITEA = "https://move.pitea.se"


@pytest.fixture(autouse=True)
def service_elsewhere(published_sites, settings):
    settings.PUBLISHED_SITES_ROOT = published_sites[0] / "public"
    settings.PUBLIC_API_URL = SERVICE
    settings.MICROSITE_URL = "https://{domain}"


def addresses(response):
    """Every address in the page: href, src, action and each candidate of a srcset."""
    html = response.content.decode()
    found = re.findall(r'\s(?:href|src|action|data-index)="([^"]*)"', html)
    for srcset in re.findall(r'\ssrcset="([^"]*)"', html):
        found += [candidate.split()[0] for candidate in srcset.split(",")]
    return found


def lost(found):
    """The root-relative addresses, which would lead to the service's host."""
    return [address for address in found if address.startswith("/") and not address.startswith("//")]


def test_a_form_answered_without_javascript_links_to_the_microsite(client):
    response = submit_activity(client, submission(title=""), HTTP_ORIGIN=PITEA)
    assert response.status_code == 400
    found = addresses(response)
    assert lost(found) == []
    assert f"{PITEA}/sv/privacy/" in found and f"{PITEA}/sv/activities/" in found  # the region's and the menu's
    assert any(address.startswith(f"{PITEA}/theme/") for address in found)  # styles and scripts
    assert f"{SERVICE}/api/activities/submit?kommun=pitea&amp;language=sv" in found  # sent again to the service
    assert "#title" in found  # the error summary still jumps within the page


def test_the_erasure_page_links_to_the_microsite(client):
    response = client.get("/privacy/pitea/en/not-a-token")
    assert response.status_code == 404
    found = addresses(response)
    assert lost(found) == [] and f"{PITEA}/en/" in found


def test_a_search_answered_without_javascript_links_to_the_microsite(client):
    response = client.get("/search/pitea/sv/housing")
    assert response.status_code == 200
    found = addresses(response)
    assert lost(found) == []
    homes = [address for address in found if re.match(rf"{PITEA}/sv/housing/[\w-]+/$", address)]
    assert len(homes) == 20, "the result cards link to the homes on the microsite"
    assert f"{SERVICE}/search/pitea/sv/housing" in found  # the form is sent to the service again
    second = addresses(client.get("/search/pitea/sv/housing", {"tenure": "rental", "page": "2"}))
    assert lost(second) == [] and f"{SERVICE}/search/pitea/sv/housing?tenure=rental" in second  # and the pager


def test_on_one_host_the_page_is_left_as_built(client, settings):
    settings.PUBLIC_API_URL = ""
    response = client.get("/search/pitea/sv/housing")
    assert "/sv/about/" in addresses(response) and f"{PITEA}/sv/about/" not in addresses(response)
