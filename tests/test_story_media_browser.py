"""Video stories and virtual tours in Debian's chromium, served with the Content-Security-Policy that nginx and
the public service send: the uploaded video plays with its captions loaded, a YouTube video sends nothing to
YouTube before the click, the tour goes from place to place by keyboard and shows its stills without
JavaScript, a panorama opens in the self-hosted viewer, and axe finds nothing on any of them."""

import functools
import http.server
import io
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

from cms.base import csp
from tests.conftest import chromium
from tests.test_story_media import post_story, video
from tests.test_web import AXE

pytestmark = pytest.mark.django_db

VIOLATIONS_SEEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


@contextmanager
def serving_with_policy(folder):
    """A site folder on a free port of loopback, every answer carrying the deployment's CSP."""
    policy = csp.policy()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            self.send_header("Content-Security-Policy", policy)
            super().end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def pitea_site(published_sites):
    with serving_with_policy((Path(published_sites[0]) / "public" / "pitea").resolve()) as url:
        yield url


def axe_violations(page):
    # evaluated through the devtools protocol, which the page's policy does not govern (an inline script tag it would)
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"]]


def recorded(context):
    """Every request the pages of `context` make; any to another host than loopback is answered by nobody."""
    requests = []

    def route(route):
        requests.append(route.request.url)
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    return requests


@pytest.mark.static_output
@pytest.mark.parametrize("width", [390, 1280])
def test_the_uploaded_video_waits_for_play_then_plays_with_its_captions(browser, pitea_site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    requests = recorded(context)
    context.add_init_script(VIOLATIONS_SEEN)
    page = context.new_page()
    page.goto(f"{pitea_site}/sv/stories/pizza-shopping-and-yoga/")
    assert not [url for url in requests if url.endswith(".webm")], "preload=none: nothing of the video before play"
    assert axe_violations(page) == []
    video = page.locator("section.video video")
    video.scroll_into_view_if_needed()
    # The poster, a lazy picture under the video, fills the video's frame until it plays.
    page.wait_for_function("() => document.querySelector('.video-poster img').naturalWidth > 0", timeout=10000)
    poster, frame = page.locator(".video-poster img").bounding_box(), video.bounding_box()
    assert all(abs(poster[k] - frame[k]) <= 1 for k in ("x", "y", "width", "height")), (poster, frame)
    shown = Image.open(io.BytesIO(video.screenshot())).convert("RGB")  # the picture shows through the video
    assert len(shown.getcolors(1 << 20)) > 500
    page.evaluate("() => { const v = document.querySelector('section.video video'); v.muted = true; v.play(); }")
    page.wait_for_function("() => document.querySelector('section.video video').currentTime > 0.5", timeout=20000)
    page.wait_for_function(
        "() => [...document.querySelector('section.video video').textTracks].some(t => t.mode === 'showing' "
        "&& t.cues && t.cues.length > 0)",
        timeout=10000,
    )
    tracks = page.evaluate(
        "() => [...document.querySelector('section.video video').textTracks].map(t => [t.language, t.label, t.mode])"
    )
    assert ["sv", "Svenska", "showing"] in tracks and ["en", "English", "disabled"] in tracks
    cue = page.evaluate(
        "() => [...document.querySelector('section.video video').textTracks].find(t => t.mode === 'showing')"
        ".cues[0].text"
    )
    assert "med egna ord" in cue  # the Swedish captions: the clip's title, then the story's quotes
    assert page.evaluate("() => window.__violations") == []
    assert all(url.startswith(pitea_site) for url in requests)
    context.close()


@pytest.mark.static_output
def test_the_tour_moves_between_places_by_keyboard_and_opens_a_panorama(browser, pitea_site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    requests = recorded(context)
    context.add_init_script(VIOLATIONS_SEEN)
    page = context.new_page()
    page.goto(f"{pitea_site}/en/stories/virtual-tour/")
    places = page.locator(".tour-place")
    count = places.count()
    assert count >= 3
    assert [places.nth(i).is_visible() for i in range(count)] == [True] + [False] * (count - 1)
    assert not [url for url in requests if "pannellum" in url], "the viewer waits until a panorama is asked for"

    page.get_by_role("button", name="Next place").focus()
    page.keyboard.press("Enter")
    assert places.nth(1).is_visible() and not places.nth(0).is_visible()
    assert "Place 2 of" in page.locator(".tour-status").text_content()
    page.keyboard.press("ArrowRight")
    assert places.nth(2).is_visible()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert places.nth(0).is_visible()
    assert page.get_by_role("button", name="Previous place").is_disabled()
    for _ in range(count):
        page.keyboard.press("ArrowRight")
    assert places.nth(count - 1).is_visible() and page.get_by_role("button", name="Next place").is_disabled()
    assert page.evaluate("() => document.activeElement.textContent") == "Previous place"  # the focus stays in the tour
    assert axe_violations(page) == []

    page.keyboard.press("Home")
    for _ in range(count):
        page.keyboard.press("ArrowLeft")
    page.get_by_role("button", name="Look around in 360°").click()
    page.wait_for_selector(".tour-panorama.pnlm-container", timeout=20000)
    page.wait_for_function(
        "() => !document.querySelector('.pnlm-load-box') || "
        "getComputedStyle(document.querySelector('.pnlm-load-box')).display === 'none'",
        timeout=20000,
    )
    assert [url for url in requests if "/theme/vendor/pannellum." in url]  # self-hosted, fingerprinted
    assert page.evaluate("() => document.activeElement.classList.contains('tour-panorama')")
    assert page.evaluate("() => window.__violations") == []
    assert all(url.startswith(pitea_site) for url in requests)
    context.close()


@pytest.mark.static_output
def test_without_javascript_the_tour_is_every_place_still_and_captioned(browser, pitea_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{pitea_site}/sv/stories/virtual-tour/")
    places = page.locator(".tour-place")
    assert places.count() >= 3
    for i in range(places.count()):
        place = places.nth(i)
        assert place.locator("img").is_visible() and place.locator("figcaption").is_visible()
        assert f"Plats {i + 1} av" in place.locator("figcaption").text_content()
    assert not page.get_by_role("button", name="Nästa plats").is_visible()
    assert not page.get_by_role("button", name="Se dig omkring i 360°").is_visible()
    context.close()


def test_a_youtube_video_sends_nothing_to_youtube_before_the_click(editor_client, kommun, tmp_path):
    from cms.sitebuild import pipeline
    from cms.stories.models import StoryIndexPage

    pitea = kommun("pitea")
    index = StoryIndexPage.objects.descendant_of(pitea.site.root_page).get(locale__language_code="sv")
    from cms.base.models import CustomImage

    image = CustomImage.objects.filter(collection=pitea.collection).first()
    body = [video(title="Vintern i Piteå", url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", poster=image.pk)]
    response = post_story(editor_client("pitea"), index, body)
    assert response.status_code == 302
    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    assert not report.failed, [r.problems for r in report.failed]

    # chromium opens after the build: Django refuses database calls inside Playwright's event loop
    with serving_with_policy((tmp_path / "public" / "pitea").resolve()) as site, chromium() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{site}/sv/stories/ny-i-pitea/")
        link = page.locator(".video-consent a")
        assert link.get_attribute("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        assert "Spela upp videon – den hämtas då från YouTube, som kan sätta kakor" in link.text_content()
        context.close()

        context = browser.new_context(viewport={"width": 1280, "height": 900})
        requests = recorded(context)
        context.add_init_script(VIOLATIONS_SEEN)
        page = context.new_page()
        page.goto(f"{site}/de/stories/ny-i-pitea/")
        page.wait_for_load_state("networkidle")
        assert [url for url in requests if not url.startswith(site)] == []
        assert page.locator("iframe").count() == 0
        assert axe_violations(page) == []
        page.get_by_text("Video abspielen – es wird dann von YouTube geladen").click()
        frame = page.locator(".video-consent iframe")
        frame.wait_for()
        assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
        page.wait_for_function("() => document.activeElement.tagName === 'IFRAME'")
        assert [url for url in requests if not url.startswith(site)][0].startswith(
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
        )
        assert page.evaluate("() => window.__violations") == []  # frame-src lets the player in, after the click
        context.close()
