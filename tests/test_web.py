"""What a visitor gets: valid HTML (vnu), WCAG 2.1 AA (axe-core in Debian's chromium), 320 px
layouts, and enhancements that work on the device without sending anything."""

import functools
import http.server
import json
import re
import subprocess
import threading
from pathlib import Path

import pytest

BROWSER_TOOLS = Path(__file__).parent / "browser" / "node_modules"
VNU = BROWSER_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = BROWSER_TOOLS / "axe-core" / "axe.min.js"
# The published sites are built from the test database; what they show does not depend on which one.
pytestmark = [pytest.mark.django_db, pytest.mark.static_output]


#: One page of every template, by path under a language.
TEMPLATE_PAGES = [
    "",
    "nature/",
    "stories/",
    "stories/pizza-shopping-and-yoga/",
    "stories/virtual-tour/",
    "move-guide/",
    "move-guide/introduce/",
    "moving-to-sweden-basics/",
    "housing/",
    "activities/",
    "activities/submit/",
    "jobs/",
    "about/",
    "contact/",
    "privacy/",
    "accessibility/",
    "404.html",
]


@pytest.fixture(scope="module")
def pitea(published_sites):
    return Path(published_sites[0]) / "public" / "pitea"


@pytest.fixture(scope="module")
def server(pitea):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(pitea.resolve()))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def detail_pages(pitea, language):
    """One listing, activity and job page in `language`."""
    return [
        next((pitea / language / kind).glob("*/index.html")).parent.relative_to(pitea / language).as_posix() + "/"
        for kind in ("housing", "activities", "jobs")
    ]


def test_every_page_passes_the_nu_html_checker(pitea):
    pages = [str(p) for p in sorted(pitea.rglob("*.html"))]
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [f"{m.get('url', '').split('/pitea/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == [], "\n".join(errors[:30])
    assert len(pages) > 300


@pytest.mark.parametrize("language", ["sv", "de"])
def test_every_template_has_no_axe_violations_and_fits_320px(browser, server, pitea, language):
    axe = AXE.read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    failures = []
    for path in TEMPLATE_PAGES + detail_pages(pitea, language) + ["/"]:
        url = f"{server}/{language}/{path}" if path != "/" else f"{server}/"
        page.goto(url)
        page.add_script_tag(content=axe)
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"][:3]]
            failures.append(f"{url}: {violation['id']}: {violation['help']} {targets}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            failures.append(f"{url}: wider than 320 px by {overflow} px")
        shown = page.evaluate(
            "() => [...document.querySelectorAll('[hidden]')].filter(e => "
            "getComputedStyle(e).display !== 'none').map(e => e.outerHTML.slice(0, 80))"
        )
        if shown:
            failures.append(f"{url}: hidden yet shown: {shown}")
    context.close()
    assert failures == [], "\n".join(failures)


def test_top_picks_are_kept_on_the_device_until_cleared_and_sent_nowhere(browser, server):
    """The visitor asked for the choice, so it stays on the device (no consent needed) until they clear it."""
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.goto(f"{server}/en/")
    page.wait_for_load_state("networkidle")  # the favicon and lazy images have loaded
    page.on("request", lambda request: requests.append(request.url) if not request.url.startswith(server) else None)
    clear = page.get_by_role("button", name="Clear my choice")
    assert not clear.is_visible()
    first_before = page.locator("[data-picks] li").first.get_attribute("data-drivers")
    page.get_by_label("Environment").check()
    first_after = page.locator("[data-picks] li").first.get_attribute("data-drivers")
    assert "environment" in first_after.split()
    assert first_before != first_after or "environment" in first_before.split()

    page.reload()
    assert page.get_by_label("Environment").is_checked()
    assert page.locator("[data-picks] li").first.get_attribute("data-drivers") == first_after
    assert clear.is_visible()
    clear.click()
    assert not page.get_by_label("Environment").is_checked() and not clear.is_visible()
    page.reload()
    assert not page.get_by_label("Environment").is_checked()
    assert page.locator("[data-picks] li").first.get_attribute("data-drivers") == first_before
    assert requests == [] and context.cookies() == [] and page.evaluate("() => localStorage.length") == 0
    context.close()


def test_the_largest_image_of_a_page_loads_first_and_the_others_wait(pitea):
    """An image that opens a page (before its first subheading: a home's hero, a story's or a home's photo, a
    topic page's first figure) is its largest, the LCP: fetched eagerly and first. Every image below waits."""
    opening = 0
    for page in sorted(pitea.rglob("index.html")):
        main = page.read_text(encoding="utf-8").split("<main", 1)[1].split("</main>", 1)[0]
        images = re.findall(r"<img\b[^>]*>", main)
        if not images:
            continue
        where = page.relative_to(pitea).as_posix()
        first, rest = images[0], images[1:]
        heading = main.find("<h2")
        if heading == -1 or main.index(first) < heading:
            assert 'loading="eager"' in first and 'fetchpriority="high"' in first, f"{where}: {first}"
            opening += 1
        else:
            rest = images
        for image in rest:
            assert 'loading="lazy"' in image and "fetchpriority" not in image, f"{where}: {image}"
    assert opening > 20
