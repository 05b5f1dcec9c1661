"""The region front door: the 14 kommuner compared by figures the build computes from the CMS and sites/,
in every language, with "which kommun fits me" ordering them on the device."""

import functools
import http.server
import json
import re
import statistics
import subprocess
import tempfile
import threading
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from cms.region.daylight import daylight_hours, midsummer, midwinter
from tests.helpers import make_housing
from tests.test_web import AXE, VNU

pytestmark = pytest.mark.django_db
LANGUAGES = ["sv", "en", "de", "nl", "pl", "fi"]
SHOTS = Path(tempfile.gettempdir()) / "norrbotten-shots" / "region"  # to look at after a run


@pytest.fixture(scope="module")
def region(published_sites):
    return Path(published_sites[0]) / "public" / "region"


@pytest.fixture(scope="module")
def server(region):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(region.resolve()))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def row_of(html, name):
    """The text of one kommun's row in the comparison table."""
    match = re.search(rf'<tr data-name="{name}".*?</tr>', html, re.S)
    assert match, f"no row for {name}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(0))).split())


def test_daylight_is_solar_geometry_and_matches_the_almanac():
    # Stockholm (59.33 N): an almanac gives 6 h 6 min at midwinter and 18 h 36 min at midsummer.
    assert abs(daylight_hours(59.33, midwinter(2026)) - (6 + 6 / 60)) < 0.1
    assert abs(daylight_hours(59.33, midsummer(2026)) - (18 + 36 / 60)) < 0.1
    # Kiruna (67.86 N), north of the Arctic Circle: polar night and midnight sun.
    assert daylight_hours(67.86, midwinter(2026)) == 0
    assert daylight_hours(67.86, midsummer(2026)) == 24


def test_the_front_door_compares_all_14_kommuner_with_figures_from_the_cms(tmp_path, kommun):
    from cms.housing.models import HousingListing
    from cms.jobs.models import Job
    from cms.sitebuild.region_site import build_region_site

    build_region_site(tmp_path)  # from the database as this test reads it (the session's sites are older)
    html = (tmp_path / "region" / "en" / "index.html").read_text(encoding="utf-8")
    assert html.count("<tr data-name=") == 14
    pitea = kommun("pitea")
    rents = list(
        HousingListing.objects.filter(kommun=pitea, live=True, tenure="rental", rooms=3).values_list(
            "monthly_rent_sek", flat=True
        )
    )
    assert rents, "the demo should have three-room rentals in Piteå"
    row = row_of(html, "Piteå")
    assert f"{round(statistics.median(rents)):,} SEK" in row, row  # as English writes prices
    jobs = Job.objects.filter(kommun=pitea, live=True).exclude(apply_by__lt=date.today()).count()
    assert jobs and f" {jobs} " in f" {row} "
    assert "Piteå älvdals sjukhus" in row and "Luleå Airport" in row
    assert "Polar night" in row_of(html, "Kiruna") and "Midnight sun" in row_of(html, "Kiruna")
    assert "Meänkieli" in row_of(html, "Pajala") and "Sami" in row_of(html, "Jokkmokk")
    from cms.base.models import Kommun

    threes = HousingListing.objects.filter(live=True, tenure="rental", rooms=3, monthly_rent_sek__isnull=False)
    for other in Kommun.objects.all():  # every row, with or without rentals (other tests may have added some)
        rents = list(threes.filter(kommun=other).values_list("monthly_rent_sek", flat=True))
        expected = f"{round(statistics.median(rents)):,} SEK" if rents else "No 3-room rental listed now"
        assert expected in row_of(html, other.name), other.name
    assert "driving time by road" in html  # the travel times' source is named


def test_every_language_links_the_others_reciprocally_and_the_sitemap_lists_them(region):
    for code in LANGUAGES:
        html = (region / code / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}"' in html
        links = dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"', html))
        assert {k: v.split("/", 3)[3] for k, v in links.items()} == {
            **{other: f"{other}/" for other in LANGUAGES},
            "x-default": "",
        }
    sitemap = (region / "sitemap.xml").read_text(encoding="utf-8")
    assert sorted(re.findall(r"<loc>https://[^/]+/(\w+)/</loc>", sitemap)) == sorted(LANGUAGES)
    assert "Sitemap:" in (region / "robots.txt").read_text()
    root = (region / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in root and 'class="chooser"' not in root


def test_a_kommuns_new_listing_changes_the_front_door_in_the_next_release(tmp_path, kommun):
    from cms.housing.models import HousingListing
    from cms.sitebuild import pipeline

    boden = kommun("boden")
    pipeline.run(tmp_path, kommuner=["boden"], publish=True, jobs=1)
    before = row_of((tmp_path / "public" / "region" / "sv" / "index.html").read_text(encoding="utf-8"), "Boden")
    for number in range(11):  # enough to move the median whatever the demo holds
        make_housing(boden, f"Probegatan {number + 1}", rooms=3, monthly_rent_sek=31_000)
    report = pipeline.run(tmp_path, kommuner=["boden"], publish=True, jobs=1)
    assert report.published
    after = row_of((tmp_path / "public" / "region" / "sv" / "index.html").read_text(encoding="utf-8"), "Boden")
    assert before != after
    rents = HousingListing.objects.filter(kommun=boden, live=True, tenure="rental", rooms=3).values_list(
        "monthly_rent_sek", flat=True
    )
    assert f"{round(statistics.median(rents)):,}".replace(",", " ") in after  # as Swedish writes it (spaces made plain)


@pytest.mark.static_output
def test_the_front_door_is_valid_html(region):
    pages = [str(p) for p in sorted(region.rglob("*.html"))]
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    assert [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages] == []


def axe_violations(page):
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"]]


def names_in_order(page):
    return page.locator("#compare tbody tr").evaluate_all("rows => rows.map(r => r.dataset.name)")


@pytest.mark.static_output
def test_picking_drivers_reorders_the_kommuner_on_the_device(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sent = []
    page.on("request", lambda request: sent.append(request.url) if not request.url.startswith(server) else None)
    page.goto(f"{server}/en/")
    # The tab shows the region's icon: without one, chromium asks for /favicon.ico and logs the 404 as an error.
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(f"{server}{icon}").headers["content-type"] == "image/svg+xml"
    alphabetical = names_in_order(page)
    assert alphabetical[0] == "Arjeplog" and len(alphabetical) == 14
    page.get_by_label("More daylight in winter").check()
    # The most daylight at midwinter is furthest south: Piteå; the polar-night kommuner come last.
    order = names_in_order(page)
    assert order[0] == "Piteå" and set(order[-3:]) >= {"Kiruna"}
    assert "Piteå" in page.locator("#fit-status").text_content()
    page.get_by_label("A short trip to a hospital").check()
    both = names_in_order(page)
    assert both != order
    page.get_by_label("More daylight in winter").uncheck()
    page.get_by_label("A short trip to a hospital").uncheck()
    assert names_in_order(page) == alphabetical
    assert axe_violations(page) == []
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.get_by_label("Cheap rent").check()
    # Only the two demo kommuner have rentals: both come before the kommuner without the figure.
    assert set(names_in_order(page)[:2]) == {"Boden", "Piteå"}
    page.screenshot(path=str(SHOTS / "region-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / "region-1280.png"), full_page=True)
    assert axe_violations(page) == []
    assert sent == [] and context.cookies() == [] and page.evaluate("() => localStorage.length") == 0
    context.close()


@pytest.mark.static_output
def test_without_javascript_the_comparison_is_a_table_in_name_order(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/de/")
    assert names_in_order(page)[0] == "Arjeplog"
    assert not page.get_by_label("Mehr Tageslicht im Winter").is_visible()  # the driver form needs the script
    assert page.get_by_role("table").is_visible()
    assert page.locator("th[scope=col]").count() == 10
    context.close()


def test_a_front_door_that_cannot_be_built_keeps_the_live_one(tmp_path, monkeypatch, caplog):
    from cms.region import figures
    from cms.sitebuild.region_site import build_region_site

    live, release = tmp_path / "live", tmp_path / "new"
    (live / "region" / "en").mkdir(parents=True)
    (live / "region" / "en" / "index.html").write_text("yesterday's front door")
    release.mkdir()

    def broken(today=None):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(figures, "region_figures", broken)
    assert build_region_site(release, live) == ""
    assert (release / "region" / "en" / "index.html").read_text() == "yesterday's front door"
    assert "could not be built" in caplog.text


def test_the_front_door_does_not_shift_and_hides_the_drivers_without_javascript(browser, server):
    """ "Which kommun fits me" is drawn with the page (nothing moves when the script runs: Lighthouse's CLS), and a
    visitor without JavaScript is not offered checkboxes that would do nothing."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    context.add_init_script(
        "window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries()) "
        "window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});"
    )
    page = context.new_page()
    page.goto(f"{server}/sv/", wait_until="networkidle")
    page.wait_for_timeout(500)
    assert page.locator("#fit").is_visible()
    assert page.evaluate("() => window.__shift") == 0
    context.close()
    without = browser.new_context(viewport={"width": 412, "height": 823}, java_script_enabled=False)
    page = without.new_page()
    page.goto(f"{server}/sv/")
    assert not page.locator("#fit").is_visible() and page.locator("#compare").is_visible()
    without.close()
