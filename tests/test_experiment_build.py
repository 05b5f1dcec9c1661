"""A running experiment in the static build: every variant in the page, no flicker, valid HTML."""

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from cms.sitebuild import pipeline
from tests.experiment_helpers import make_experiment

pytestmark = [pytest.mark.django_db, pytest.mark.build_output]
VNU = Path(__file__).parent / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def page(root, path):
    return (Path(root) / "public" / "pitea" / path).read_text(encoding="utf-8")


def test_the_build_publishes_every_variant_where_its_text_is_written(tmp_path, kommun):
    experiment = make_experiment(kommun("pitea"))
    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    assert not report.failed, report.failed[0].problems if report.failed else ""

    swedish = page(tmp_path, "sv/index.html")
    variants = re.findall(r'<div class="ab" data-variant="([a-f])">', swedish)
    assert variants == ["a", "b"]
    assert "Jobs first (sv)" in swedish and ">Find your home (sv)</a>" in swedish
    head = swedish.split("</head>")[0]
    assert "document.documentElement" in head and f'"id": {experiment.pk}' in head  # picked before the first paint
    assert "data-ab-consent" in swedish and "Hjälp oss att göra webbplatsen bättre" in swedish
    ids = Counter(re.findall(r'\sid="([^"]+)"', swedish))
    assert [i for i, n in ids.items() if n > 1] == []  # B's ids are prefixed
    config = json.loads(
        re.search(r"<script type=\"application/json\" data-ab-experiment>(.*?)</script>", swedish).group(1)
    )
    assert config == {"id": experiment.pk, "goal": {"kind": "cta", "name": "search-homes"}}

    assert "Jobs first (en)" in page(tmp_path, "en/index.html")
    german = page(tmp_path, "de/index.html")  # B's text is not written in German: no experiment there
    assert 'class="ab"' not in german and "data-ab-consent" not in german and ".consent{" not in german
    assert 'class="ab"' not in page(tmp_path, "sv/housing/index.html")


def test_pausing_an_experiment_is_published_by_the_next_build(tmp_path, kommun):
    experiment = make_experiment(kommun("pitea"))
    pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    assert 'class="ab"' in page(tmp_path, "sv/index.html")
    experiment.status = "paused"
    experiment.save()
    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    assert report.published and [r.status for r in report.results] == ["built"]
    assert 'class="ab"' not in page(tmp_path, "sv/index.html") and "Jobs first" not in page(tmp_path, "sv/index.html")


@pytest.mark.static_output
def test_a_page_with_variants_passes_the_nu_html_checker(tmp_path, kommun):
    make_experiment(kommun("pitea"))
    pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    target = (tmp_path / "public" / "pitea" / "sv" / "index.html").resolve()
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(target)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert json.loads(result.stderr or "{}").get("messages", []) == []
