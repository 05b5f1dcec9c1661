"""A broken `sites/<slug>.toml` takes out its own kommun only.

Its build fails and names the file and the key while the others publish and it keeps its
previous site; its public endpoints answer 503 with a sentence while the others answer as
always; and `manage.py check` lists every broken file's problems before a deploy.
"""

import importlib.util
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cms.base import public_endpoints
from cms.base.site_config import site_configs
from cms.search import query

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.django_db, pytest.mark.build_output]


def forget_site_files():
    for cached in (site_configs, public_endpoints._origin_patterns, query.kommun_slugs):
        cached.cache_clear()


@pytest.fixture
def sites(tmp_path, settings):
    """A copy of sites/ the test may break; every process-wide reading of it is forgotten before and after."""
    copy = tmp_path / "sites"
    shutil.copytree(settings.SITES_DIR, copy)
    settings.SITES_DIR = copy
    forget_site_files()
    yield copy
    forget_site_files()


def change(sites, slug, old, new):
    path = sites / f"{slug}.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    forget_site_files()


def snapshot(folder):
    folder = folder.resolve()
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def build_py(*args):
    """build.py's main() in this process (the test database lives here), and its exit code."""
    spec = importlib.util.spec_from_file_location("build_script", ROOT / "build.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script.main([*args, "--jobs", "1", "--no-imports"])


def test_check_lists_every_broken_file_with_each_key(sites):
    change(sites, "pitea", "population = 42800", 'population = "many"')
    change(sites, "pitea", 'primary = "#005a8c"', 'primary = "blue"')
    change(sites, "boden", 'primary = "#3a3f8f"', "primary = 12")

    with pytest.raises(SystemCheckError) as failure:
        call_command("check")

    report = str(failure.value)
    pitea = next(line for line in report.splitlines() if "pitea.toml" in line and "base.E001" in line)
    assert "facts.population" in pitea and "brand.primary" in pitea
    assert "boden.toml" in report and "brand.primary" in report.split("boden.toml", 1)[1]


def test_a_broken_file_fails_its_kommun_alone_and_it_keeps_its_site(sites, tmp_path, capsys):
    out = tmp_path / "out"
    assert build_py("--publish", "--kommun", "pitea", "--kommun", "boden", "--output", str(out)) == 0
    pitea_before = snapshot(out / "public" / "pitea")
    change(sites, "pitea", "population = 42800", 'population = "many"')
    change(sites, "boden", "population = 28000", "population = 28100")  # a valid change, to publish
    capsys.readouterr()

    code = build_py("--publish", "--kommun", "pitea", "--kommun", "boden", "--output", str(out))

    said = capsys.readouterr()
    assert code == 1
    assert "pitea.toml" in said.err and "facts.population" in said.err and "Traceback" not in said.err
    assert "2 kommuner: 1 built, 0 unchanged, 1 failed" in said.out and "Published:" in said.out
    assert snapshot(out / "public" / "pitea") == pitea_before


def test_its_public_endpoints_answer_503_and_the_others_answer(sites, client):
    change(sites, "pitea", "population = 42800", 'population = "many"')

    search = client.get("/api/search/housing", {"kommun": "pitea"})
    assert search.status_code == 503 and "configuration is being corrected" in search.json()["error"]
    assert client.get("/api/search/housing", {"kommun": "boden"}).status_code == 200
    assert client.get("/api/search/site").status_code == 200  # the whole region still answers
    for response in (
        client.get("/search/pitea/sv/housing"),
        client.post("/api/contact?kommun=pitea&language=sv", {"email": "a@example.org"}),
        client.post("/api/activities/submit?kommun=pitea&language=sv", {}),
        client.get("/privacy/pitea/sv/any-token"),
    ):
        assert response.status_code == 503
        assert "try again later" in response.content.decode()
    batch = (
        '{"site": "pitea", "events": [{"type": "exposure", "experiment": 1, "variant": "a", '
        '"visitor": "%s", "page": "/sv/"}]}' % ("0" * 32)
    )
    events = client.post("/api/events", batch, content_type="text/plain", HTTP_USER_AGENT="Mozilla/5.0 Chrome/131.0")
    assert events.status_code == 503
    assert (
        client.get("/api/search/housing", {"kommun": "boden"}, HTTP_ORIGIN="https://move.boden.se")[
            "Access-Control-Allow-Origin"
        ]
        == "https://move.boden.se"
    )
