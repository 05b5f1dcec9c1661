"""The dashboard and the translation matrix in Debian's chromium (Playwright), as Piteå's editor uses them in
Swedish: the translations panel leads to the matrix, an out-of-date cell to the Swedish changes, and "checked,
still right" makes it translated again. The admin is served from a thread of the test (tests/live_server.py);
what the browser saves is committed, and the module removes it when it ends. Screenshots of the dashboard at
390 and 1280 px land in DASHBOARD_SCREENSHOTS (a temporary folder by default)."""

import os

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler

from tests.conftest import chromium
from tests.live_server import serving

pytestmark = pytest.mark.django_db
ADDRESS = "Matrisgatan 12"


@pytest.fixture(scope="module")
def admin(django_db_setup, django_db_blocker):
    """The admin on a free port, editor-pitea working in Swedish, and a home whose English text is out of date."""
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    from cms.base.models import Kommun
    from cms.housing.models import HousingListingTranslation
    from cms.translations.models import ListingTranslationBaseline
    from tests.helpers import make_housing

    with django_db_blocker.unblock():
        editor = get_user_model().objects.get(username="editor-pitea")
        profile = UserProfile.get_for_user(editor)
        profile.preferred_language = "sv"
        profile.save()
        listing = make_housing(Kommun.objects.get(slug="pitea"), ADDRESS)
        listing.translations.add(HousingListingTranslation(language_code="en", description="A bright flat."))
        listing.save()
        swedish = listing.translations.get(language_code="sv")
        swedish.description = "En ljus lägenhet med utsikt över älven."
        swedish.save()
    with serving(StaticFilesHandler(WSGIHandler()), host="localhost") as url:
        yield {"url": url, "listing": listing}
    with django_db_blocker.unblock():
        ListingTranslationBaseline.objects.filter(object_id=listing.pk).delete()
        listing.delete()
        profile.preferred_language = ""
        profile.save()


def log_in(page, url):
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "editor-pitea")
    page.fill("#id_password", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/admin/")


def cell(page, language):
    """The matrix cell of the test's home in one language column."""
    columns = page.locator("table.nb-translations-matrix thead th").all_inner_texts()
    row = page.locator("table.nb-translations-matrix tbody tr", has_text=ADDRESS)
    return row.locator("td").nth(columns.index(language) - 1).locator("a")


def test_the_matrix_leads_to_the_swedish_changes_and_checked_still_right(admin, tmp_path):
    from cms.translations.models import ListingTranslationBaseline

    shots = os.environ.get("DASHBOARD_SCREENSHOTS") or str(tmp_path)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1800})
        log_in(page, admin["url"])
        panel = page.locator("#nb-translations-section")
        assert "Översättningar" in panel.inner_text() and "inaktuell" in panel.inner_text()
        page.screenshot(path=f"{shots}/dashboard-1280.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 2600})  # the admin scrolls inside: a tall window shows it all
        page.screenshot(path=f"{shots}/dashboard-390.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 1800})

        panel.get_by_role("link", name="Alla sidor och annonser i Piteå per språk").click()
        page.wait_for_url("**/admin/translations/?kommun=pitea")
        page.screenshot(path=f"{shots}/matrix-1280.png", full_page=True)
        assert cell(page, "EN").inner_text() == "Inaktuell"
        assert cell(page, "DE").inner_text() == "Saknas"

        cell(page, "EN").click()
        assert "med utsikt över älven" in page.locator("td.comparison").inner_text()
        page.screenshot(path=f"{shots}/out-of-date-1280.png", full_page=True)
        page.get_by_role("button", name="Kontrollerad, fortfarande rätt").click()
        page.wait_for_url("**/admin/translations/")
        assert "översättningen stämmer fortfarande" in page.locator(".messages").inner_text()
        page.goto(f"{admin['url']}/admin/translations/?kommun=pitea")
        assert cell(page, "EN").inner_text() == "Översatt"
    baseline = ListingTranslationBaseline.objects.get(object_id=admin["listing"].pk, language_code="en")
    assert baseline.checked_by.username == "editor-pitea" and baseline.checked_at is not None
