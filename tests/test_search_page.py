"""The housing search page of a microsite, in a real browser: with JavaScript (live results,
facet counts, the address bar mirrors the query, the back button works), without it (the
form is answered by the search service), and with the search API unreachable (the page
searches its own static index)."""

import json
import re
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler

from tests.live_server import serving

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(published_sites, settings, monkeypatch):
    """What `build.py --serve` runs: the published sites by host name, the APIs and the search pages."""
    from cms.sitebuild import serve

    public = (Path(published_sites[0]) / "public").resolve()
    settings.ROOT_URLCONF = "cms.sitebuild.serve"
    settings.PUBLISHED_SITES_ROOT = public
    monkeypatch.setattr(serve, "PUBLIC", public)
    with serving(WSGIHandler()) as url:
        yield url


@pytest.fixture
def expected(db, published_sites):
    """Rentals in Piteå with at least three rooms under 9,000 SEK a month, titled as the site shows
    them in each language (read before the browser opens: Django refuses queries inside its event loop).
    "published": only those in the published site, which the static fallback searches."""
    from cms.housing.models import HousingListing

    homes = list(
        HousingListing.objects.filter(
            kommun__slug="pitea", live=True, tenure="rental", rooms__gte=3, monthly_rent_sek__lte=9000
        ).prefetch_related("translations")
    )
    index = json.loads((Path(published_sites[0]) / "public" / "pitea" / "sv" / "housing" / "index.json").read_text())
    published = {row[0] for row in index["rows"]}
    titles = {language: {home.text(language, "title") or home.address for home in homes} for language in ("sv", "en")}
    titles["published"] = {home.text("sv", "title") or home.address for home in homes if home.pk in published}
    return titles


def shown_titles(page):
    return {title.strip() for title in page.locator("[data-results] .card h2").all_inner_texts()}


def outside_requests(page, site):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    return lambda: [url for url in requests if not url.startswith(site) and not url.startswith("data:")]


def choose(page):
    page.select_option("#tenure", "rental")
    page.select_option("#rooms_min", "3")
    page.fill("#rent_max", "9000")
    page.press("#rent_max", "Enter")


def test_live_search_with_javascript(expected, site, browser):
    swedish, english = expected["sv"], expected["en"]
    assert swedish
    page = browser.new_page()
    outside = outside_requests(page, site)
    page.goto(f"{site}/sv/housing/")
    everything = page.locator("[data-results] .card").count()
    choose(page)
    page.wait_for_function("document.querySelectorAll('[data-results] .card').length === %d" % len(swedish))
    assert shown_titles(page) == swedish
    assert page.locator("[data-count]").inner_text() == (
        f"{len(swedish)} bostäder" if len(swedish) != 1 else "1 bostad"
    )
    assert "tenure=rental" in page.url and "rent_max=9000" in page.url
    assert re.search(r"\(\d+\)$", page.locator("#tenure option[value=rental]").inner_text())

    page.go_back()  # the rent limit goes, the other choices stay
    page.wait_for_function("!location.search.includes('rent_max')")
    page.wait_for_function("document.querySelectorAll('[data-results] .card').length > %d" % len(swedish))
    assert page.input_value("#rent_max") == "" and page.input_value("#tenure") == "rental"

    shared = page.url.replace("/sv/", "/en/") + "&rent_max=9000"  # a shared link opens the same search
    page.goto(shared)
    page.wait_for_function("document.querySelectorAll('[data-results] .card').length === %d" % len(english))
    assert shown_titles(page) == english
    assert page.locator("[data-results] .card").count() < everything
    assert outside() == []


def test_the_form_works_without_javascript(expected, site, browser):
    swedish = expected["sv"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/sv/housing/")
    choose(page)
    page.wait_for_url(re.compile(r"/search/pitea/sv/housing\?"))
    assert shown_titles(page) == swedish
    assert page.input_value("#tenure") == "rental" and page.input_value("#rent_max") == "9000"
    assert page.locator("nav.languages").count() == 1  # the microsite's own page around the results
    page.goto(f"{site}/search/pitea/sv/housing?rooms_min=many")
    assert page.locator("[role=alert]").inner_text().startswith("Kontrollera ”Antal rum, minst”")
    context.close()


@pytest.mark.no_search_server
@pytest.mark.static_output
def test_search_keeps_working_when_the_api_is_down(expected, site, browser):
    swedish = expected["published"]
    page = browser.new_page()
    page.route("**/api/search/**", lambda route: route.abort())
    index = []
    page.on(
        "response", lambda response: index.append(response) if response.url.endswith("/housing/index.json") else None
    )
    page.goto(f"{site}/sv/housing/")
    choose(page)
    page.wait_for_function("document.querySelectorAll('[data-results] .card').length === %d" % len(swedish))
    assert shown_titles(page) == swedish
    assert page.locator(".notice").is_visible()
    assert len(index) == 1 and index[0].ok
    page.fill("#q", "Öjagat")  # words are matched as the visitor types, on the device
    page.wait_for_function("document.querySelectorAll('[data-results] .card').length <= %d" % len(swedish))


@pytest.mark.no_search_server
def test_the_static_index_takes_a_home_without_a_neighbourhood():
    from cms.sitebuild.serialised import Cards, housing_index
    from cms.theme import environment

    home = {
        "id": 7,
        "url": "/sv/housing/7/",
        "title": "",
        "description": "Ljus trea.",
        "address": "Storgatan 1",
        "tenure": "rental",
        "rooms": 3,
        "living_area_m2": 74,
        "monthly_rent_sek": 8200,
        "asking_price_sek": None,
        "available_from": "2027-01-01",
        "latitude": None,
        "longitude": None,
        "neighbourhood": {},
    }
    macros = environment("sv").get_template("macros.html").make_module({"language": "sv"})
    index = json.loads(housing_index({"listings": [home]}, Cards(macros)))
    row = dict(zip(index["fields"], index["rows"][0]))
    assert row["school_km"] is None and "storgatan" in row["words"] and "Storgatan 1" in row["html"]


@pytest.fixture
def free_outdoor_activities(db, published_sites):
    """Boden's free outdoor activities, read before the browser opens: all that are live (the search
    API's answer), and those in the published site (the static fallback's; other tests add some)."""
    from cms.activities.models import Activity, ModerationStatus

    index = json.loads((Path(published_sites[0]) / "public" / "boden" / "sv" / "activities" / "index.json").read_text())
    published = {row[0] for row in index["rows"]}
    activities = Activity.objects.filter(
        kommun__slug="boden", live=True, moderation_status=ModerationStatus.APPROVED, category="outdoors"
    ).prefetch_related("translations")
    live = [a for a in activities if not a.price_sek]
    return {
        "live": {a.text("sv", "title") for a in live},  # what the search API knows
        "published": {a.text("sv", "title") for a in live if a.pk in published},
    }  # what the static index holds


@pytest.mark.parametrize("how", ["javascript", "no javascript", "api down"])
def test_activities_search_page(free_outdoor_activities, site, browser, how):
    expected = free_outdoor_activities["published" if how == "api down" else "live"]
    assert expected
    boden = site.replace("pitea.localhost", "boden.localhost")
    context = browser.new_context(java_script_enabled=how != "no javascript")
    page = context.new_page()
    if how == "api down":
        page.route("**/api/search/**", lambda route: route.abort())
    page.goto(f"{boden}/sv/activities/")
    page.select_option("#category", "outdoors")
    page.check("#free")
    if how == "no javascript":
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/search/boden/sv/activities\?"))
    else:
        page.wait_for_function("document.querySelectorAll('[data-results] .card').length === %d" % len(expected))
        assert "free=true" in page.url and "category=outdoors" in page.url
    assert shown_titles(page) == expected
    assert page.locator("#free").is_checked()
    context.close()


def first_result_top(page):
    page.wait_for_selector("[data-results] .card")
    return page.locator("[data-results] .card").first.bounding_box()["y"]


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("kind", ["housing", "activities"])
def test_on_a_phone_the_results_start_within_the_first_screen(site, browser, kind, javascript):
    """The filters fold away on a 390 px phone (a <details>, so without JavaScript too), and say how many are on."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{site}/sv/{kind}/")
    assert first_result_top(page) < 844 - 100  # the first card's heading and more are on the first screen
    panel = page.locator("details[data-filter-panel] > summary")
    assert panel.inner_text() == "Filter"
    panel.click()
    if kind == "housing":
        page.select_option("#rooms_min", "3")
        page.fill("#rent_max", "9000")
    else:
        page.select_option("#category", "outdoors")
        page.check("#free")
    if javascript:
        page.wait_for_function("document.querySelector('[data-filter-count]').textContent.includes('2')")
    else:
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(rf"/search/pitea/sv/{kind}\?"))
        assert page.locator("[data-count]").bounding_box()["y"] < 844 - 100  # the answer starts on the first screen
    assert panel.inner_text() == "Filter (2 filter valda)"
    context.close()


def test_show_more_is_there_only_when_there_is_more(site, browser):
    """ "Show more homes" stayed on screen with nothing more to show (`button{display:inline-block}` beat [hidden])."""
    page = browser.new_page()
    page.goto(f"{site}/sv/housing/")
    choose(page)
    page.wait_for_function("!document.querySelector('[data-results]').hasAttribute('aria-busy')")
    assert page.locator("[data-results] .card").count() <= 20
    assert not page.get_by_role("button", name="Visa fler bostäder").is_visible()
    page.close()


@pytest.mark.no_search_server
@pytest.mark.static_output
def test_the_free_only_checkbox_is_a_checkbox_beside_its_label(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site.replace('pitea.localhost', 'boden.localhost')}/sv/activities/")
    box = page.locator("#free").bounding_box()
    label = page.locator("label[for=free]").bounding_box()
    assert box["width"] <= 32 and box["height"] <= 32, box
    assert abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 8 and box["x"] < label["x"]
    page.close()
