"""The microsite's "The Swedish version of this page has been updated since this translation." notice, as
editors cause it and visitors meet it: through the real admin (Django's test client), the publish queue
and the worker's build (`build_pending`, what `manage.py publish_worker` runs for each task).

Piteå's `sites/pitea.toml` turns the notice on; Boden's leaves it off. What the live site shows follows
published state and the translators' "checked, still right" marks only (cms/translations/notice.py).
"""

import functools
import http.server
import json
import os
import subprocess
import threading

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail.models import Locale

from cms.publishing.models import Build
from cms.publishing.worker import build_pending
from tests.conftest import chromium
from tests.helpers import story_index_publish_form
from tests.test_publishing import NO_WAITING, publish_stories, stories
from tests.test_translations import publish_housing
from tests.test_web import AXE, VNU

pytestmark = pytest.mark.django_db
NOTICE = "The Swedish version of this page has been updated since this translation."


@pytest.fixture
def site(settings, tmp_path):
    """An empty publishing queue, and the worker publishing into a folder of the test's own."""
    Build.objects.all().delete()
    DBTaskResult.objects.all().delete()
    settings.PUBLISH_ROOT = tmp_path
    settings.PUBLISH_COALESCE = NO_WAITING  # the task runs here when the test says, not when a build is due
    return tmp_path


def english(page):
    return page.get_translation(Locale.objects.get(language_code="en")).specific


def site_url(page):
    """The page's address on its kommun's microsite, as the export makes it: /<language>/<path under its home>."""
    home = page.get_ancestors().get(depth=2)
    return f"/{page.locale.language_code}/{page.url_path[len(home.url_path) :]}"


def draft_form(title, slug):
    """The page editor's form when an editor presses "Save draft"."""
    form = story_index_publish_form(title, slug)
    del form["action-publish"]
    return form


def served(root, slug, url):
    return (root / "public" / slug / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


def notice_of(html):
    """The notice's paragraph on a served page, or None."""
    start = html.find('<p class="source-updated"')
    return html[start : html.index("</p>", start) + 4] if start >= 0 else None


def looks_right(root, url, tmp_path):
    """The served page passes the Nu HTML checker and axe (WCAG 2.1 AA), fits 390 px, and is photographed at
    390 and 1280 px (NOTICE_SCREENSHOTS names a folder to keep them; else the test's own)."""
    page_file = root / url.lstrip("/") / "index.html"
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(page_file)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert json.loads(checked.stderr or "{}").get("messages", []) == []
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root.resolve()))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    shots = os.environ.get("NOTICE_SCREENSHOTS") or str(tmp_path)
    try:
        with chromium() as browser:  # no database call while it is open (tests/conftest.py)
            for width in (390, 1280):
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                page.goto(f"http://127.0.0.1:{server.server_address[1]}{url}")
                assert page.get_by_role("note").inner_text().startswith(NOTICE)
                page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
                violations = page.evaluate(
                    "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
                    "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations.map(v => v.id)"
                )
                assert violations == []
                assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
                page.screenshot(path=f"{shots}/source-updated-{width}.png")
                context.close()
    finally:
        server.shutdown()


def test_publishing_the_swedish_page_puts_the_notice_on_its_translation_until_the_translation_is_published(
    editor_client, kommun, site, django_capture_on_commit_callbacks, tmp_path_factory
):
    sources = {slug: stories(kommun(slug)) for slug in ("pitea", "boden")}
    translations = {slug: english(page) for slug, page in sources.items()}
    for slug, page in sources.items():
        publish_stories(editor_client(slug), page, f"Berättelser, nya i {slug}", django_capture_on_commit_callbacks)
    assert build_pending() == {"pitea": "live", "boden": "live"}

    notice = notice_of(served(site, "pitea", site_url(translations["pitea"])))
    assert notice is not None and NOTICE in notice
    assert f'href="{site_url(sources["pitea"])}" hreflang="sv"' in notice and "Read the Swedish version" in notice
    assert notice_of(served(site, "pitea", site_url(sources["pitea"]))) is None  # the Swedish page itself
    assert notice_of(served(site, "boden", site_url(translations["boden"]))) is None  # Boden leaves it off
    looks_right(site / "public" / "pitea", site_url(translations["pitea"]), tmp_path_factory.mktemp("shots"))

    client = editor_client("pitea")
    translation = translations["pitea"]
    with django_capture_on_commit_callbacks(execute=True):  # a draft of the Swedish page: nothing live changes
        client.post(
            reverse("wagtailadmin_pages:edit", args=[sources["pitea"].pk]),
            draft_form("Berättelser, ett utkast", sources["pitea"].slug),
        )
    assert not Build.objects.filter(outcome="queued").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[translation.pk]),
            story_index_publish_form("Stories, translated again", translation.slug),
        )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert build_pending() == {"pitea": "live"}
    again = served(site, "pitea", site_url(translation))
    assert "Stories, translated again" in again and notice_of(again) is None


def test_a_listings_notice_shows_in_the_pages_language_and_goes_with_the_translators_check(
    editor_client, kommun, site, django_capture_on_commit_callbacks
):
    client = editor_client("pitea")
    with django_capture_on_commit_callbacks(execute=True):
        listing = publish_housing(client, kommun("pitea"), "Ljus trea nära havet.", "A bright flat by the sea.")
    build_pending()
    url = f"/en/housing/{listing.pk}/"
    assert notice_of(served(site, "pitea", url)) is None

    with django_capture_on_commit_callbacks(execute=True):  # the Swedish text alone changes
        publish_housing(
            client, kommun("pitea"), "Ljus trea med balkong mot havet.", "A bright flat by the sea.", listing
        )
    assert build_pending() == {"pitea": "live"}
    notice = notice_of(served(site, "pitea", url))
    assert notice is not None and NOTICE in notice and f'href="/sv/housing/{listing.pk}/"' in notice
    assert notice_of(served(site, "pitea", f"/sv/housing/{listing.pk}/")) is None

    check = reverse("translations:listing", args=["housing", "housinglisting", listing.pk, "en"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(check).status_code == 302  # "checked, still right"
    assert build_pending() == {"pitea": "live"}  # the check queued the rebuild of its kommun
    assert notice_of(served(site, "pitea", url)) is None
