"""The admin speaks the editor's own admin language: Wagtail's words, the project's words and the drivers'
names; and its buttons are Wagtail's own, drawn whole."""

import re

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse

from tests.conftest import chromium
from tests.helpers import submission, submit_activity
from tests.live_server import serving

pytestmark = pytest.mark.django_db
#: Words of Wagtail's Swedish catalog and the drivers' Swedish names, none of which an English editor should meet.
SWEDISH = re.compile(r"\b(Välj|Sök|Spara|Redigera|Lägg till|Familj|Jämställdhet|Natur|Arbete)\b")


def visible_text(html):
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def admin_pages():
    """An experiment's and a session's forms, a topic page's editor and Piteå's Swedish home in the explorer."""
    from wagtail.models import Site

    from cms.experiments.models import Experiment, UsabilitySession
    from cms.topics.models import TopicPage

    home = Site.objects.get(hostname="pitea.localhost").root_page
    topic = TopicPage.objects.descendant_of(home).filter(locale=home.locale).first()
    return [
        reverse(UsabilitySession.snippet_viewset.get_url_name("add")),
        reverse(Experiment.snippet_viewset.get_url_name("add")),
        f"/admin/pages/{topic.pk}/edit/",
        f"/admin/pages/{home.pk}/",
    ]


def test_an_english_editor_reads_the_admin_in_english(client, editor_client):
    """Wagtail's chooser buttons were worded once, in Swedish, when the admin loaded; the drivers had only their
    Swedish names. Asked by a Swedish browser too: the editor's own admin language decides."""
    editor = editor_client("pitea")
    editor.get("/admin/", HTTP_ACCEPT_LANGUAGE="sv")  # a Swedish request first must not set the words for others
    for url in admin_pages():
        response = editor.get(url, HTTP_ACCEPT_LANGUAGE="sv")
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert SWEDISH.findall(text) == [], f"{url}: {SWEDISH.findall(text)[:10]}"
    session_form = visible_text(editor.get(admin_pages()[0]).content.decode())
    assert "Choose experiment" in session_form
    topic_form = visible_text(editor.get(admin_pages()[2]).content.decode())
    assert "Family" in topic_form and "Equality" in topic_form


def test_a_swedish_editor_reads_the_whole_admin_in_swedish(editor_client):
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    editor = editor_client("pitea")
    profile = UserProfile.get_for_user(get_user_model().objects.get(username="editor-pitea"))
    profile.preferred_language = "sv"
    profile.save()
    topic_form = visible_text(editor.get(admin_pages()[2]).content.decode())
    assert "Familj" in topic_form and "Jämställdhet" in topic_form
    session_form = visible_text(editor.get(admin_pages()[0]).content.decode())
    assert "Välj experiment" in session_form  # Wagtail's words
    assert "Deltagarens alias" in session_form and "Användartester" in session_form  # the project's own
    assert "participant alias" not in session_form.lower() and "Usability sessions" not in session_form


def test_the_moderation_screens_buttons_are_drawn_whole(client, editor_client, published_sites, settings, tmp_path):
    """ "Edit the activity" was an empty box with a clipped pencil: each button shows its icon and its words
    inside its own box."""
    from cms.activities.models import Activity

    settings.PUBLISHED_SITES_ROOT = published_sites[0] / "public"
    submit_activity(client, submission(title="Knitting by the sea"), language="en")
    activity = Activity.objects.get(translations__title="Knitting by the sea")
    html = editor_client("pitea").get(reverse("activity_submissions:review", args=[activity.submission.pk])).content
    with serving(StaticFilesHandler(WSGIHandler())) as url, chromium() as browser:  # Wagtail's styles and icons
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/static/wagtailadmin/images/wagtail-logo.svg")
        page.set_content(html.decode())
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(tmp_path / "review.png"), full_page=True)  # to look at when it fails
        for name in ("Edit the activity", "Approve and publish", "Reject"):
            button = page.get_by_role("link" if name.startswith("Edit") else "button", name=name)
            box = button.bounding_box()
            icon = button.locator("svg").bounding_box()
            words = button.evaluate(
                "b => { const r = document.createRange(); r.selectNodeContents(b);"
                " const t = [...b.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());"
                " r.selectNodeContents(t[t.length - 1]); const x = r.getBoundingClientRect();"
                " return {x: x.x, y: x.y, width: x.width, height: x.height}; }"
            )
            for part, what in ((icon, "icon"), (words, "words")):
                assert part["width"] > 8 and part["height"] > 8, f"{name}: its {what} is not drawn"
                assert (
                    box["x"] <= part["x"]
                    and part["x"] + part["width"] <= box["x"] + box["width"] + 0.5
                    and box["y"] <= part["y"]
                    and part["y"] + part["height"] <= box["y"] + box["height"] + 0.5
                ), f"{name}: its {what} {part} spills out of the button {box}"
            assert icon["x"] + icon["width"] <= words["x"] + 1, f"{name}: the icon overlaps the words"
        page.close()
