"""The golden-output test: one small site built and compared, file by file, with a committed tree.

Kalix (no demo content of its own) publishes Swedish and English here, with one housing listing,
one activity and one job written below, their database ids and dates fixed, the locale and time zone
pinned. Every text file the build writes must equal its copy under `tests/golden/kalix/` byte for
byte; images are compared by name only (`tests/golden/kalix.binaries`), since their bytes depend on
the image libraries' versions.

A deliberate change to the output regenerates the tree, to be reviewed in the diff and committed:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

import difflib
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from cms.base.site_config import site_configs
from cms.sitebuild import pipeline
from tests.helpers import STOCKHOLM, make_activity, make_housing, make_image, make_job

pytestmark = pytest.mark.django_db

SLUG = "kalix"
GOLDEN = Path(__file__).parent / "golden"
TEXT_SUFFIXES = {".html", ".xml", ".json", ".atom", ".ics", ".txt", ".css", ".js", ".svg", ".webmanifest"}
#: Ids far above anything the demo creates, so they are the same on SQLite and PostgreSQL in any test order.
FIRST_ID = 910_000
SHOWN_DIFFERENCES = 3
WRITTEN = datetime(2026, 11, 2, 9, 30, tzinfo=STOCKHOLM)
PINNED = {
    "created_at": WRITTEN,
    "updated_at": WRITTEN,
    "first_published_at": WRITTEN,
    "last_published_at": WRITTEN,
    "latest_revision_created_at": WRITTEN,
    "posted_on": WRITTEN.date(),
}


@pytest.fixture
def small_site(tmp_path, settings, monkeypatch, kommun):
    """Kalix in Swedish and English with one listing of each kind; the locale and time zone pinned."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("TZ", "Europe/Stockholm")
    sites = tmp_path / "sites"
    shutil.copytree(settings.SITES_DIR, sites)
    path = sites / f"{SLUG}.toml"
    text = re.sub(r"^languages = \[.*\]$", 'languages = ["sv", "en"]', path.read_text(encoding="utf-8"), flags=re.M)
    path.write_text(text, encoding="utf-8")
    settings.SITES_DIR = sites
    site_configs.cache_clear()
    kalix = kommun(SLUG)
    image = make_image(kalix.collection, "Strandgatan", id=FIRST_ID + 3)
    records = [
        make_housing(kalix, "Strandgatan 4", id=FIRST_ID, images=[("image", image)]),
        make_activity(kalix, "Språkcafé på biblioteket", id=FIRST_ID + 1),
        make_job(kalix, "Elektriker", id=FIRST_ID + 2),
    ]
    for record in records:  # saved "now", which feeds, calendars and job ads show: pinned
        fields = {name for name in PINNED if any(f.name == name for f in record._meta.concrete_fields)}
        type(record).objects.filter(pk=record.pk).update(**{name: PINNED[name] for name in fields})
    yield tmp_path / "build"
    site_configs.cache_clear()


def is_text(path):
    return path.suffix in TEXT_SUFFIXES


def output_tree(site):
    """{relative path: bytes} of the text files, and the sorted names of the binary ones."""
    files = sorted(p for p in site.rglob("*") if p.is_file())
    texts = {str(p.relative_to(site)): p.read_bytes() for p in files if is_text(p)}
    binaries = sorted(str(p.relative_to(site)) for p in files if not is_text(p))
    return texts, binaries


def golden_tree():
    root = GOLDEN / SLUG
    texts = {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    binaries = (GOLDEN / f"{SLUG}.binaries").read_text(encoding="utf-8").splitlines()
    return texts, binaries


def write_golden(texts, binaries):
    shutil.rmtree(GOLDEN / SLUG, ignore_errors=True)
    for name, content in texts.items():
        target = GOLDEN / SLUG / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (GOLDEN / f"{SLUG}.binaries").write_text("".join(f"{name}\n" for name in binaries), encoding="utf-8")


def differences(expected, actual):
    """A readable account of how two trees differ: missing and extra files, then unified diffs."""
    lines = []
    missing, extra = sorted(set(expected) - set(actual)), sorted(set(actual) - set(expected))
    if missing:
        lines.append("Not built any more: " + ", ".join(missing))
    if extra:
        lines.append("Built, not in the golden tree: " + ", ".join(extra))
    changed = [name for name in sorted(set(expected) & set(actual)) if expected[name] != actual[name]]
    for name in changed[:SHOWN_DIFFERENCES]:
        diff = difflib.unified_diff(
            expected[name].decode("utf-8", "replace").splitlines(),
            actual[name].decode("utf-8", "replace").splitlines(),
            f"golden/{SLUG}/{name}",
            f"built/{SLUG}/{name}",
            lineterm="",
            n=2,
        )
        lines.extend(diff)
    if len(changed) > SHOWN_DIFFERENCES:
        lines.append(
            f"... and {len(changed) - SHOWN_DIFFERENCES} more changed file(s): "
            + ", ".join(changed[SHOWN_DIFFERENCES:])
        )
    return "\n".join(lines)


def test_the_small_site_is_built_exactly_as_the_golden_tree(small_site):
    report = pipeline.run(small_site, kommuner=[SLUG], publish=True, jobs=1)
    assert not report.failed, [r.problems for r in report.failed]
    texts, binaries = output_tree(small_site / "public" / SLUG)

    if os.environ.get("UPDATE_GOLDEN"):
        write_golden(texts, binaries)
        pytest.skip(f"UPDATE_GOLDEN is set: tests/golden/{SLUG}/ was rewritten; review it with git diff.")
    golden_texts, golden_binaries = golden_tree()

    if texts != golden_texts or binaries != golden_binaries:
        named = differences({name: b"" for name in golden_binaries}, {name: b"" for name in binaries})
        pytest.fail(
            f"The build's output differs from tests/golden/{SLUG}/:\n{differences(golden_texts, texts)}\n{named}\n\n"
            "If the change is meant, regenerate the tree and commit it: "
            "UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py",
            pytrace=False,
        )
