"""Publish means live, seen from the admin: a publish queues its kommun's rebuild once, the worker's build
puts it on the site, and the page's editor and the dashboard say so (in the editor's admin language).

The worker's task runs here in the test's process (`build_pending`, what `publish_worker` runs for
each task); tests/test_publish_worker.py runs real worker processes against a database file."""

import shutil

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cms.base.site_config import site_configs
from cms.publishing.models import Build
from cms.publishing.worker import build_pending
from cms.stories.models import StoryIndexPage
from tests.helpers import story_index_publish_form

pytestmark = pytest.mark.django_db
#: cms.publishing.coalesce's waits, none: a queued build is due at once.
NO_WAITING = {"quiet": 0, "first_wait": 0, "storm_quiet": 0, "storm_wait": 0}


@pytest.fixture
def queue(settings, tmp_path):
    """An empty publishing queue, and the worker publishing into a folder of the test's own."""
    Build.objects.all().delete()
    DBTaskResult.objects.all().delete()
    settings.PUBLISH_ROOT = tmp_path
    settings.PUBLISH_COALESCE = NO_WAITING  # the task runs here when the test says, not when a build is due
    return tmp_path


def stories(kommun):
    return StoryIndexPage.objects.descendant_of(kommun.site.root_page).get()


def publish_stories(client, page, title, captured):
    with captured(execute=True):  # the publish's transaction commits: its rebuild is queued then
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            story_index_publish_form(title, page.slug),
        )
    assert response.status_code == 302, response.content.decode()[-2000:]


def status_of(client, page):
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    start = html.find("data-live-status=")
    return " ".join(html[start : html.index("</div>", start)].split()) if start >= 0 else ""


def test_publishing_a_page_queues_one_build_of_its_kommun_and_the_build_puts_it_live(
    editor_client, kommun, queue, django_capture_on_commit_callbacks
):
    client = editor_client("pitea")
    page = stories(kommun("pitea"))
    assert status_of(client, page) == ""  # published before any build was recorded: no claim either way
    for number in range(5):  # a burst: one build waits, the others join it
        publish_stories(client, page, f"Berättelser {number}", django_capture_on_commit_callbacks)
    assert list(Build.objects.values_list("kommun__slug", "outcome")) == [("pitea", "queued")]
    assert DBTaskResult.objects.filter(status="READY", backend_name="publishing").count() == 1
    assert "Going live" in status_of(client, page)

    assert build_pending() == {"pitea": "live"}
    served = (queue / "public" / "pitea" / "sv" / "stories" / "index.html").read_text(encoding="utf-8")
    assert "Berättelser 4" in served
    assert 'data-live-status="live"' in status_of(client, page) and "Live on the site" in status_of(client, page)

    publish_stories(client, page, "Berättelser 5", django_capture_on_commit_callbacks)
    assert "Going live" in status_of(client, page)  # a new publish waits for its own build


def test_a_change_that_is_rolled_back_queues_no_build_with_the_next_commit(
    kommun, queue, django_capture_on_commit_callbacks
):
    """An edit the admin refuses (its transaction rolled back) must not ride along with the next
    publish of the same worker thread: only what commits is queued."""
    from django.db import transaction

    from cms.publishing.queue import note

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            note(kommun("boden").pk)
            raise RuntimeError("refused")
        note(kommun("pitea").pk)
    assert list(Build.objects.values_list("kommun__slug", "outcome")) == [("pitea", "queued")]


def test_a_transaction_noting_many_changes_queues_their_kommuner_once_when_it_commits(
    kommun, queue, django_capture_on_commit_callbacks
):
    """A demo load or an import notes hundreds of changes in one transaction: their kommuner are
    worked out and queued together when it commits, not once per change."""
    from django.db import transaction

    from cms.publishing.queue import note

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            for slug in ("boden", "pitea", "boden", "kalix"):
                note(kommun(slug).pk)
    assert len(callbacks) == 1
    assert sorted(Build.objects.values_list("kommun__slug", flat=True)) == ["boden", "kalix", "pitea"]


def test_a_failed_build_says_not_live_with_the_builds_reason_and_where_to_fix_it(
    editor_client, kommun, queue, settings, tmp_path_factory, django_capture_on_commit_callbacks
):
    sites = tmp_path_factory.mktemp("sites")
    shutil.copytree(settings.SITES_DIR, sites, dirs_exist_ok=True)
    (sites / "pitea.toml").write_text((sites / "pitea.toml").read_text().replace("[", "[[", 1), encoding="utf-8")
    settings.SITES_DIR = sites
    site_configs.cache_clear()
    try:
        client = editor_client("pitea")
        page = stories(kommun("pitea"))
        publish_stories(client, page, "Berättelser som inte syns", django_capture_on_commit_callbacks)
        assert build_pending() == {"pitea": "failed"}
    finally:
        site_configs.cache_clear()
    status = status_of(client, page)
    assert "Not live" in status and "pitea.toml" in status and "fix it here" in status
    assert not (queue / "public" / "pitea").exists()  # nothing half-published


def test_the_status_and_the_build_panel_speak_swedish_to_a_swedish_editor(
    editor_client, kommun, queue, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    client = editor_client("pitea")
    profile = UserProfile.get_for_user(get_user_model().objects.get(username="editor-pitea"))
    profile.preferred_language = "sv"
    profile.save()
    page = stories(kommun("pitea"))
    publish_stories(client, page, "Berättelser på svenska", django_capture_on_commit_callbacks)
    assert "På väg ut på webbplatsen" in status_of(client, page)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Webbplatsens senaste byggen" in dashboard and "I kö" in dashboard
    build_pending()
    assert "Publicerad på webbplatsen" in status_of(client, page)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Publicerad" in dashboard


def test_an_editor_sees_only_their_own_kommuns_builds(editor_client, kommun, queue, django_capture_on_commit_callbacks):
    from django.utils import timezone

    Build.objects.create(
        kommun=kommun("boden"),
        outcome="failed",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        problems=["The page /sv/bodens-hemlighet is empty. Fix it at http://localhost/admin/pages/1/edit/"],
    )
    Build.objects.create(kommun=kommun("pitea"), outcome="live", started_at=timezone.now(), finished_at=timezone.now())
    pitea = editor_client("pitea").get(reverse("wagtailadmin_home")).content.decode()
    assert "Last builds of the site" in pitea and "Live" in pitea
    assert "bodens-hemlighet" not in pitea and "Boden" not in pitea
    boden = editor_client("boden").get(reverse("wagtailadmin_home")).content.decode()
    assert "bodens-hemlighet" in boden and 'href="http://localhost/admin/pages/1/edit/"' in boden


def test_publishing_a_listing_queues_its_kommun_and_its_edit_view_shows_the_status(
    editor_client, kommun, queue, django_capture_on_commit_callbacks
):
    from tests.test_translations import publish_housing

    client = editor_client("pitea")
    with django_capture_on_commit_callbacks(execute=True):
        listing = publish_housing(client, kommun("pitea"), "Ljus trea nära havet.", "A bright flat by the sea.")
    assert list(Build.objects.values_list("kommun__slug", "outcome")) == [("pitea", "queued")]
    edit = reverse(type(listing).snippet_viewset.get_url_name("edit"), args=[listing.pk])
    assert "Going live" in client.get(edit).content.decode()
    build_pending()
    assert "Live on the site" in client.get(edit).content.decode()


def test_a_shared_region_text_queues_every_kommun(kommun, queue, django_capture_on_commit_callbacks):
    from cms.region.models import SharedContent

    shared = SharedContent.objects.filter(live=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        shared.save_revision().publish()
    assert Build.objects.filter(outcome="queued").count() == 14
    assert DBTaskResult.objects.filter(status="READY").count() == 14


def test_a_page_scheduled_to_go_live_is_published_and_built_at_its_time_not_at_night(
    editor_client, kommun, queue, django_capture_on_commit_callbacks
):
    """The editor sets a go-live time in the page's publishing schedule and presses Publish: at that time the
    publish worker publishes it and builds its kommun (Wagtail's schedule needs its command run at that time)."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Revision

    client, page = editor_client("pitea"), stories(kommun("pitea"))
    at = (timezone.localtime() + timedelta(hours=1)).replace(second=0, microsecond=0)
    form = story_index_publish_form("Berättelser i morgon", page.slug) | {"go_live_at": f"{at:%Y-%m-%d %H:%M}"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    page.refresh_from_db()
    assert page.title != "Berättelser i morgon" and not Build.objects.exists()  # not yet: its time has not come

    [waiting] = DBTaskResult.objects.filter(backend_name="publishing", status="READY")
    assert at <= waiting.run_after <= at + timedelta(minutes=1), (waiting.run_after, at)
    [scheduled] = Revision.objects.filter(approved_go_live_at__isnull=False)
    assert scheduled.approved_go_live_at == at and scheduled.object_id == str(page.pk)
    # The clock reaches the go-live time: the schedule and the revision's own go-live time are past.
    scheduled.approved_go_live_at = timezone.now() - timedelta(seconds=1)
    scheduled.content["go_live_at"] = scheduled.approved_go_live_at.isoformat()
    scheduled.save(update_fields=["approved_go_live_at", "content"])
    with django_capture_on_commit_callbacks(execute=True):  # the worker runs the task once its time has come
        waiting.task.call()
    page.refresh_from_db()
    assert page.title == "Berättelser i morgon" and page.live
    assert list(Build.objects.values_list("kommun__slug", "outcome")) == [("pitea", "queued")]
