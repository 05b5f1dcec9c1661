"""The nightly publish (`build.py --publish`, run by docs/systemd/norrbotten-build.timer) records its builds
as the publish worker does: content published before the worker ever ran is "Live on the site" for its editor
once the nightly has built it, the dashboard lists the nightly's builds, and a build that waited in the queue
is taken by the nightly that covers it."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cms.publishing.models import Build
from tests.test_build_output import build_py
from tests.test_publishing import NO_WAITING, publish_stories, status_of, stories

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_builds(settings):
    """No build recorded yet, as before the publish worker ever ran."""
    Build.objects.all().delete()
    DBTaskResult.objects.all().delete()
    settings.PUBLISH_COALESCE = NO_WAITING


def test_content_published_before_the_worker_ran_is_live_after_the_nightly_publish(
    editor_client, kommun, no_builds, tmp_path
):
    client = editor_client("boden")
    page = stories(kommun("boden"))
    assert status_of(client, page) == ""  # no build recorded: no claim either way

    assert build_py("--publish", "--kommun", "boden", "--output", str(tmp_path)) == 0
    assert list(Build.objects.values_list("kommun__slug", "outcome")) == [("boden", "live")]
    assert "Live on the site" in status_of(client, page)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Last builds of the site" in dashboard and "Live" in dashboard


def test_the_nightly_publish_takes_the_builds_waiting_in_the_queue(
    editor_client, kommun, no_builds, tmp_path, django_capture_on_commit_callbacks
):
    client = editor_client("boden")
    page = stories(kommun("boden"))
    publish_stories(client, page, "Berättelser från Boden, i natt", django_capture_on_commit_callbacks)
    assert "Going live" in status_of(client, page)  # no worker runs: it waits

    assert build_py("--publish", "--kommun", "boden", "--output", str(tmp_path)) == 0
    assert list(Build.objects.values_list("kommun__slug", "outcome")) == [("boden", "live")]  # the same build
    assert "Live on the site" in status_of(client, page)
    served = (tmp_path / "public" / "boden" / "sv" / "stories" / "index.html").read_text(encoding="utf-8")
    assert "Berättelser från Boden, i natt" in served
