"""A new editor's first story, through the real admin in Debian's chromium (Playwright).

The admin saves a new page in the background while the editor types (Wagtail's autosave):
the page exists as a draft before the editor has pressed anything. A second try at the same
page must not then fail on a slug the editor never chose, on a tab the editor is not looking
at. The admin is served from a thread of the test (tests/live_server.py), so what the browser
saves is committed; the module removes it when it ends.
"""

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse

from tests.conftest import chromium
from tests.live_server import serving

pytestmark = pytest.mark.django_db  # the test database; what the browser saves is committed and removed below
TITLE = "Vi flyttade till Piteå för skogen"


def story_index():
    from cms.base.models import Kommun
    from cms.stories.models import StoryIndexPage

    home = Kommun.objects.get(slug="pitea").site.root_page
    return StoryIndexPage.objects.child_of(home).get()


def stories_titled(title):
    from cms.stories.models import StoryPage

    return list(StoryPage.objects.filter(title=title).values_list("pk", "live", "slug"))


@pytest.fixture(scope="module")
def admin(django_db_setup, django_db_blocker):
    """The admin served on a free port, editor-pitea working in Swedish; yields its URL and the story index."""
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    with django_db_blocker.unblock():
        editor = get_user_model().objects.get(username="editor-pitea")
        profile = UserProfile.get_for_user(editor)
        profile.preferred_language = "sv"
        profile.save()
        index = story_index()
    with serving(StaticFilesHandler(WSGIHandler()), host="localhost") as url:
        yield {"url": url, "index": index}
    with django_db_blocker.unblock():
        from wagtail.models import Page

        Page.objects.filter(title=TITLE).delete()  # the draft and its aliases in the other languages
        profile.preferred_language = ""
        profile.save()


def log_in(page, url):
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "editor-pitea")
    page.fill("#id_password", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/admin/")


def start_a_story(page, admin, title):
    """Open "add story" under Piteå's stories and type as a new editor does: the admin saves it
    in the background (autosave) once it notices the changes. Returns that save's response."""
    add = reverse("wagtailadmin_pages:add", args=["stories", "storypage", admin["index"].pk])
    page.goto(f"{admin['url']}{add}")
    # A person reads the form before typing. Wagtail's unsaved-changes controller notes the form as it
    # stands 2 s after it connects (UnsavedController.initialDelayValue); what is typed before then counts
    # as the form's starting point, not as an edit, and nothing would be autosaved.
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(3000)
    with page.expect_response(lambda r: r.request.method == "POST" and add in r.url, timeout=30_000) as saved:
        page.fill("#id_title", title)
        page.fill("#id_person", "Anna")
        page.fill("#id_summary", "Om att flytta norrut för skogens skull.")
    return saved.value


def test_a_second_try_at_the_same_story_leads_to_the_draft_the_first_one_left(admin):
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        log_in(page, admin["url"])
        first = start_a_story(page, admin, TITLE)
        first_saved = first.status, first.json().get("pk")
        # The editor leaves without pressing anything, then starts again from "add story".
        start_a_story(page, admin, TITLE)
        page.get_by_role("button", name="Spara utkast").click()
        page.wait_for_load_state("networkidle")
        title_field = page.locator("[data-field]").filter(has=page.locator("#id_title"))
        error = (
            title_field.locator(".error-message").inner_text() if title_field.locator(".error-message").count() else ""
        )
        error_visible = title_field.locator(".error-message").first.is_visible() if error else False
        link = title_field.locator(".error-message a").get_attribute("href") if error else None
        screenshot = page.screenshot(full_page=False)
        if link:
            title_field.locator(".error-message a").click()
            page.wait_for_load_state("networkidle")
        continued = page.input_value("#id_title"), page.url
        context.close()
    with open("/tmp/firstmin-second-try.png", "wb") as out:
        out.write(screenshot)
    assert first_saved[0] == 200, "the first try was saved in the background"
    assert "Du har redan ett utkast som heter ”Vi flyttade till Piteå för skogen” här" in error, error
    assert error_visible, "the message is on the Content tab, beside the title"
    assert link == reverse("wagtailadmin_pages:edit", args=[first_saved[1]])
    assert continued == (TITLE, f"{admin['url']}{link}"), "the link opens the first draft to continue it"
    assert len([row for row in stories_titled(TITLE) if row[0] == first_saved[1]]) == 1
