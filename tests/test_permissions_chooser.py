"""The page chooser shows another kommun's pages as the public sees them, through the real admin.

A published page can sit under a draft (its parent unpublished after it was published), and a
published page can carry an unpublished draft with a new title. Wagtail's chooser names pages by
their latest draft and walks the breadcrumbs through every ancestor; editor-pitea browsing and
searching Boden's tree must read neither the draft parent's title nor the draft title.
"""

import json
import tempfile
from pathlib import Path

import pytest

from cms.topics.models import TopicPage

pytestmark = pytest.mark.django_db

HIDDEN_PARENT = "Hidden parent draft of Boden"
PUBLIC_CHILD = "Public child under a draft"
DRAFT_TITLE = "Renamed in an unpublished draft"
LIVE_TITLE = "Published name of a Boden page"
#: Where the browser test leaves what editor-pitea saw, to look at.
SCREENSHOTS = Path(tempfile.gettempdir()) / "norrbotten-chooser"


def topic(title, slug):
    return TopicPage(title=title, slug=slug, topic="other", intro="Probe.", body=[])


@pytest.fixture(scope="module")
def boden_pages(django_db_setup, django_db_blocker):
    """Committed, so that the admin served to chromium from a thread sees them; removed at the end."""
    from cms.base.models import Kommun

    with django_db_blocker.unblock():
        home = Kommun.objects.get(slug="boden").site.root_page
        renamed = home.add_child(instance=topic(LIVE_TITLE, "renamed-probe"))
        renamed.save_revision().publish()
        renamed.title = DRAFT_TITLE
        renamed.save_revision()  # a draft: the site still shows LIVE_TITLE
        hidden = home.add_child(instance=topic(HIDDEN_PARENT, "hidden-parent"))
        child = hidden.add_child(instance=topic(PUBLIC_CHILD, "public-child"))
        child.save_revision().publish()
        hidden.refresh_from_db()
        hidden.unpublish()  # the parent goes back to a draft; its child stays published
    yield {"home": home, "renamed": renamed, "hidden": hidden, "child": child}
    with django_db_blocker.unblock():
        for page in (renamed, hidden):  # the child goes with its parent
            page.refresh_from_db()
            page.delete()


def chooser_html(client, url):
    """What the chooser's modal receives: its HTML (the search answers it alone), or the data of the pages chosen."""
    response = client.get(url)
    assert response.status_code == 200, url
    if not response["Content-Type"].startswith("application/json"):
        return response.content.decode()
    data = json.loads(response.content)
    return data.get("html") or json.dumps(data)


def everything_the_chooser_shows(client, pages):
    child, renamed, home = pages["child"], pages["renamed"], pages["home"]
    return {
        "browsing the public child": chooser_html(client, f"/admin/choose-page/{child.pk}/"),
        "browsing the renamed page": chooser_html(client, f"/admin/choose-page/{renamed.pk}/"),
        "browsing the home page": chooser_html(client, f"/admin/choose-page/{home.pk}/"),
        "searching the public child": chooser_html(client, "/admin/choose-page/search/?q=Public+child"),
        "searching the renamed page": chooser_html(client, "/admin/choose-page/search/?q=Published+name"),
        "choosing the renamed page": chooser_html(client, f"/admin/choose-page/chosen-multiple/?id={renamed.pk}"),
    }


def test_another_kommuns_pages_show_only_what_is_public_in_the_page_chooser(editor_client, boden_pages):
    seen = everything_the_chooser_shows(editor_client("pitea"), boden_pages)

    assert PUBLIC_CHILD in seen["browsing the public child"]  # the public page itself is choosable
    assert PUBLIC_CHILD in seen["searching the public child"]
    assert LIVE_TITLE in seen["browsing the home page"] and LIVE_TITLE in seen["searching the renamed page"]
    leaks = [
        f"{secret!r} in {where}"
        for where, html in seen.items()
        for secret in (HIDDEN_PARENT, DRAFT_TITLE)
        if secret in html
    ]
    assert leaks == []


def test_the_own_kommuns_editors_see_their_drafts_in_the_page_chooser(editor_client, boden_pages):
    seen = everything_the_chooser_shows(editor_client("boden"), boden_pages)

    assert HIDDEN_PARENT in seen["browsing the public child"]  # the breadcrumbs
    assert HIDDEN_PARENT in seen["searching the public child"]  # the "Parent" column
    assert DRAFT_TITLE in seen["browsing the home page"] and DRAFT_TITLE in seen["choosing the renamed page"]


def test_an_editor_browsing_and_searching_another_kommun_in_the_chooser_modal_sees_its_public_face(boden_pages):
    """What editor-pitea sees in chromium: the chooser a usability session's start page opens (the test
    writes nothing itself: its transaction would lock the admin's thread out of the database)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.handlers.wsgi import WSGIHandler

    from tests.conftest import chromium
    from tests.live_server import serving

    boden_home = boden_pages["home"]
    SCREENSHOTS.mkdir(exist_ok=True)
    with serving(StaticFilesHandler(WSGIHandler()), host="localhost") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/admin/login/")
        page.fill("#id_username", "editor-pitea")
        page.fill("#id_password", "demo")
        page.click("button[type=submit]")
        page.wait_for_url(f"{url}/admin/")
        page.goto(f"{url}/admin/snippets/experiments/usabilitysession/add/")
        page.click("#id_start_page-chooser .unchosen [data-chooser-action-choose]")
        modal = page.locator(".modal-content")
        search = modal.locator("input[name=q]")
        search.fill("Public child")
        search.press("Enter")
        modal.locator(".page-results").get_by_text(PUBLIC_CHILD).wait_for()
        searched = modal.inner_text()
        search.fill("Published name")
        search.press("Enter")
        modal.locator(".page-results").get_by_text(LIVE_TITLE).wait_for()
        renamed = modal.inner_text()
        page.screenshot(path=SCREENSHOTS / "chooser-search.png")
        with page.expect_response(lambda response: f"/admin/choose-page/{boden_home.pk}/" in response.url):
            modal.locator(".page-results a.navigate-parent").first.click()  # to Boden's home page
        modal.locator("tr.parent-page").wait_for()  # the browsing view, not the search results
        modal.locator(".page-results").get_by_text(LIVE_TITLE).wait_for()
        browsed = modal.inner_text()
        page.screenshot(path=SCREENSHOTS / "chooser-browse.png")
    assert PUBLIC_CHILD in searched and HIDDEN_PARENT not in searched
    assert DRAFT_TITLE not in renamed
    assert LIVE_TITLE in browsed and DRAFT_TITLE not in browsed and HIDDEN_PARENT not in browsed
