"""The phone first, in Debian's chromium with JavaScript off: a header that leaves the first screen to the page,
a language choice that folds away, a main navigation row in the content's column on a desktop, and a home's
photo gallery that scrolls photo by photo."""

import functools
import http.server
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db  # the published sites are built from the test database

PAGES = ["", "housing/", "activities/", "nature/", "stories/pizza-shopping-and-yoga/", "move-guide/"]


def serve(folder):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(Path(folder).resolve()))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture(scope="module")
def site(published_sites):
    httpd, url = serve(Path(published_sites[0]) / "public" / "pitea")
    yield url
    httpd.shutdown()


def listing_page(published_sites, language="en"):
    pitea = Path(published_sites[0]) / "public" / "pitea" / language / "housing"
    return next(pitea.glob("*/index.html")).parent.relative_to(pitea.parent).as_posix() + "/"


@pytest.mark.static_output
def test_on_a_390px_phone_the_header_is_at_most_120px_and_the_page_says_what_it_is_for(browser, site, published_sites):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    for path in [*PAGES, listing_page(published_sites)]:
        page.goto(f"{site}/en/{path}")
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] <= 120, (path, header)
        heading = page.locator("main h1").first.bounding_box()
        assert heading["y"] + heading["height"] <= 844, (path, heading)  # what the page is for, on the first screen
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)  # the navigation scrolls in its own row; the page does not
    page.goto(f"{site}/en/")
    languages = page.locator("details.language-choice")
    deutsch = languages.locator("a[hreflang=de]")
    assert not deutsch.is_visible()
    languages.locator("summary").click()  # a <details>: opens without JavaScript
    assert deutsch.is_visible() and page.locator("header.site-header").bounding_box()["height"] <= 120
    deutsch.click()
    page.wait_for_url("**/de/")
    context.close()


@pytest.mark.static_output
def test_at_1280px_the_main_navigation_row_lines_up_with_the_logo_and_the_content(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    for path in ("", "housing/"):
        page.goto(f"{site}/en/{path}")
        logo = page.locator("header .brand img").bounding_box()
        first_link = page.locator("nav.main-nav a").first.bounding_box()
        heading = page.locator("main h1").first.bounding_box()
        languages = page.locator("details.language-choice summary").bounding_box()
        assert logo["x"] > 100, logo  # in the centred column, not at the window's edge
        assert abs(first_link["x"] - logo["x"]) <= 2, (first_link, logo)
        assert abs(heading["x"] - logo["x"]) <= 2, (heading, logo)
        last_link = page.locator("nav.main-nav a").last.bounding_box()
        assert last_link["x"] + last_link["width"] <= languages["x"] + languages["width"] + 1  # within the column
        assert last_link["y"] == first_link["y"]  # one row
    context.close()


@pytest.fixture
def gallery_site(db, tmp_path):
    """Piteå built with one home that has four photos."""
    from cms.base.models import CustomImage
    from cms.housing.models import HousingListing
    from cms.sitebuild import pipeline

    listing = HousingListing.objects.filter(kommun__slug="pitea", live=True).order_by("pk").first()
    photos = list(CustomImage.objects.filter(collection__kommun__slug="pitea").order_by("pk")[:4])
    assert len(photos) == 4
    listing.images = [("image", photo) for photo in photos]
    listing.save()
    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    assert not report.failed, [r.problems for r in report.failed]
    httpd, url = serve(tmp_path / "public" / "pitea")
    yield f"{url}/en/housing/{listing.pk}/"
    httpd.shutdown()


@pytest.mark.static_output
def test_a_homes_photo_gallery_shows_a_photo_or_two_at_a_time_and_scrolls_to_the_next_without_javascript(
    gallery_site, browser
):
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 844}, java_script_enabled=False)
        page = context.new_page()
        page.goto(gallery_site)
        gallery = page.get_by_role("region", name="4 photos")
        photos = gallery.locator("img")
        assert photos.count() == 4
        box = gallery.bounding_box()

        before = shown(photos, box)
        assert before and before[0] == 0 and len(before) < 4, before  # a photo or two at a time, the rest waiting
        gallery.focus()  # a region in the tab order: the arrow keys scroll it
        for _ in range(len(before)):
            page.keyboard.press("ArrowRight")
        page.wait_for_timeout(800)  # the smooth scroll and its snap settle
        after = shown(photos, box)
        assert after and after[0] > 0, (before, after)  # another photo came into view
        first = photos.nth(after[0]).bounding_box()
        assert abs(first["x"] - box["x"]) <= 2, (first, box)  # snapped to a photo's edge, none cut at the start
        context.close()


def shown(photos, frame):
    """The indexes of the photos wholly inside the gallery's frame."""
    boxes = [photos.nth(i).bounding_box() for i in range(photos.count())]
    left, right = frame["x"] - 1, frame["x"] + frame["width"] + 1
    return [i for i, b in enumerate(boxes) if b["x"] >= left and b["x"] + b["width"] <= right]
