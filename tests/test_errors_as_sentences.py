"""Errors an operator or an editor reads are sentences saying what is wrong, not a traceback or a Python error."""

import socket

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_reindex_search_says_the_search_server_cannot_be_reached(settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    settings.ELASTICSEARCH_RETRIES = 0
    settings.ELASTICSEARCH_TIMEOUT = 2
    with pytest.raises(
        CommandError,
        match=r"^Elasticsearch at http://127\.0\.0\.1:\d+ could not be reached: .*; the index was not rebuilt",
    ):
        call_command("reindex_search")


def test_a_build_that_crashes_tells_the_editor_in_a_sentence_not_a_python_error(kommun, tmp_path, monkeypatch):
    """A fault in the build's code fails the kommun's build; what the dashboard and the page's status show is
    a sentence saying what happened to the site, not `KeyError('title')`."""
    from cms.sitebuild import pipeline

    def faulty(*args, **kwargs):
        raise KeyError("title")

    monkeypatch.setattr(pipeline, "build_kommun", faulty)
    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    [failed] = report.failed
    [problem] = failed.problems
    assert problem.startswith("The build of pitea stopped") and "keeps its previous version" in problem, problem
    assert "KeyError" not in problem and "'title'" not in problem, problem


def test_a_publish_whose_whole_build_crashes_tells_the_editor_in_a_sentence(kommun, settings, tmp_path, monkeypatch):
    """The worker records a build that stopped as a whole on every kommun it had taken; the editor's dashboard
    and the page's "Not live" show that sentence, so it is one, not `'title'` from a KeyError."""
    from django.utils import timezone

    from cms.publishing import worker
    from cms.publishing.models import Build

    settings.PUBLISH_ROOT = tmp_path
    settings.PUBLISH_COALESCE = {"quiet": 0, "first_wait": 0, "storm_quiet": 0, "storm_wait": 0}
    Build.objects.all().delete()
    build = Build.objects.create(kommun=kommun("pitea"), last_publish_at=timezone.now())

    def faulty(slugs):
        raise KeyError("title")

    monkeypatch.setattr(worker, "run_pipeline", faulty)
    with pytest.raises(KeyError):  # the task fails, so django-tasks logs the traceback for the operators
        worker.build_pending()
    build.refresh_from_db()
    [problem] = build.problems
    assert build.outcome == "failed" and "keeps its previous version" in problem, problem
    assert "'title'" not in problem and "KeyError" not in problem, problem
