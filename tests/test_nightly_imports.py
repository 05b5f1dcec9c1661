"""The nightly publish imports first: every kommun's housing feeds and JobTech, each on its own.

A copy of `sites/` gives Piteå a second feed whose file is missing and Boden a feed in the
canonical schema; one source failing (unreadable, or crashing) stops neither the others
nor the build, and is recorded with its error.
"""

import shutil
from pathlib import Path

import pytest

import build
from cms.base.site_config import site_configs
from cms.housing.models import HousingListing
from cms.imports.housing.records import RecordBuilder
from cms.imports.models import ImportRun
from cms.imports.nightly import run_imports
from cms.jobs.models import Job
from cms.sitebuild import pipeline

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


@pytest.fixture
def feeds(tmp_path, settings):
    """sites/ with Piteå's demo feed, a Piteå feed that cannot be read, and a Boden feed; JobTech set."""
    sites = tmp_path / "sites"
    shutil.copytree(settings.SITES_DIR, sites)
    pitea = sites / "pitea.toml"
    demo_feed = settings.DEMO_CONTENT_DIR / "feeds" / "pitea-bostader.csv"
    pitea.write_text(
        pitea.read_text(encoding="utf-8").replace("../content/demo/feeds/pitea-bostader.csv", str(demo_feed))
        + f'\n[[housing_feeds]]\nname = "rawi"\nformat = "csv"\npath = "{tmp_path / "rawi.csv"}"\n',
        encoding="utf-8",
    )
    boden = sites / "boden.toml"
    boden.write_text(
        boden.read_text(encoding="utf-8") + f'\n[[housing_feeds]]\nname = "bodens-bostader"\n'
        f'format = "json"\npath = "{DATA / "housing" / "boden.json"}"\n',
        encoding="utf-8",
    )
    settings.SITES_DIR = sites
    settings.JOBTECH_SOURCE = str(DATA / "jobtech" / "search.json")
    site_configs.cache_clear()
    yield
    site_configs.cache_clear()


def crash_in(slug, monkeypatch):
    original = RecordBuilder.build

    def build_or_crash(self, *args):
        if self.kommun.slug == slug:
            raise RuntimeError("the feed's parser fell over")
        return original(self, *args)

    monkeypatch.setattr(RecordBuilder, "build", build_or_crash)


def test_one_failing_source_stops_neither_the_others(feeds, monkeypatch):
    crash_in("boden", monkeypatch)
    lines = []

    runs = run_imports(log=lines.append)

    statuses = {run.source: run.status for run in runs}
    assert statuses == {
        "feed:boden:bodens-bostader": "failed",
        "feed:pitea:pitea-bostader": "ok",
        "feed:pitea:rawi": "failed",
        "jobtech": "ok",
    }
    failed = {run.source: run.message for run in ImportRun.objects.filter(status="failed")}
    assert "Could not read rawi.csv" in failed["feed:pitea:rawi"]
    assert (
        "crashed (RuntimeError: the feed's parser fell over); nothing was changed"
        in failed["feed:boden:bodens-bostader"]
    )
    assert HousingListing.objects.filter(source="feed:pitea:pitea-bostader", live=True).count() == 6
    assert not HousingListing.objects.filter(source="feed:boden:bodens-bostader").exists()
    assert Job.objects.filter(source="jobtech", live=True).count() == 3
    assert len(lines) == 4 and all(line.startswith("Import ") for line in lines)
    assert "Import feed:pitea:pitea-bostader: 6 added, 0 updated, 0 unchanged, 0 unpublished, 0 rejected." in lines
    assert any(line.startswith("Import feed:pitea:rawi: FAILED: Could not read rawi.csv") for line in lines)


def test_the_nightly_publish_imports_first_and_publishes_despite_a_failed_feed(feeds, tmp_path, capsys):
    code = build.main(["--publish", "--kommun", "pitea", "--jobs", "1", "--output", str(tmp_path / "out")])

    output = capsys.readouterr()
    assert code == 0
    assert "Import feed:pitea:pitea-bostader: 6 added" in output.out
    assert "Import feed:pitea:rawi: FAILED: Could not read rawi.csv" in output.out
    assert "1 of 3 imports failed" in output.err and "Published" in output.out
    assert not ImportRun.objects.filter(source="feed:boden:bodens-bostader").exists()  # only the kommun built
    home = HousingListing.objects.get(source="feed:pitea:pitea-bostader", source_id="PB-24001")
    page = tmp_path / "out" / "public" / "pitea" / "en" / "housing" / str(home.pk) / "index.html"
    assert "A bright three-room flat in the middle of town" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("argv, imports", [(["--publish"], True), (["--publish", "--no-imports"], False), ([], False)])
def test_imports_run_with_publish_unless_asked_not_to(monkeypatch, tmp_path, argv, imports):
    seen = {}

    def fake_run(root, **kwargs):
        seen.update(kwargs)
        return pipeline.BuildReport()

    monkeypatch.setattr(pipeline, "run", fake_run)
    assert build.main([*argv, "--output", str(tmp_path)]) == 0
    assert seen["imports"] is imports
