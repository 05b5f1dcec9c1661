"""A kommun's own templates (`sites/<slug>/templates/`) come before the theme's, for its site alone.

Pelican's loader tries them first (THEME_TEMPLATES_OVERRIDES), and `!theme/` reaches the
theme's own template to extend it. The pages they make are checked as they are rendered, like
any other, and changing them rebuilds the kommun.
"""

import shutil

import pytest

from cms.base.site_config import site_configs
from cms.sitebuild import pipeline

pytestmark = [pytest.mark.django_db, pytest.mark.build_output]

OWN_ABOUT = (
    '{% extends "!theme/about.html" %}{% block content %}{{ super() }}'
    '<p>Boden har en egen mall.</p><p><a href="/{{ language }}/{{ target }}/">Mer</a></p>{% endblock %}'
)


@pytest.fixture
def sites(tmp_path, settings):
    """A copy of sites/ the test may add templates to."""
    copy = tmp_path / "sites"
    shutil.copytree(settings.SITES_DIR, copy)
    settings.SITES_DIR = copy
    site_configs.cache_clear()
    yield copy
    site_configs.cache_clear()


def test_a_kommuns_own_template_is_used_rebuilt_when_it_changes_and_checked(sites, tmp_path):
    templates = sites / "boden" / "templates"
    templates.mkdir(parents=True)
    (templates / "about.html").write_text(OWN_ABOUT.replace("{{ target }}", "housing"), encoding="utf-8")
    out = tmp_path / "out"

    report = pipeline.run(out, kommuner=["boden"], publish=True, jobs=1)

    assert report.published and not report.failed
    about = out / "public" / "boden" / "en" / "about" / "index.html"
    published = about.read_text(encoding="utf-8")
    assert "Boden har en egen mall." in published and "Your relocation coordinator" in published
    assert 'href="/en/housing/"' in published

    (templates / "about.html").write_text(OWN_ABOUT.replace("{{ target }}", "gone"), encoding="utf-8")
    report = pipeline.run(out, kommuner=["boden"], publish=True, jobs=1)

    assert [r.slug for r in report.failed] == ["boden"] and not report.published
    assert "The page /sv/about/index.html links to /sv/gone/, which does not exist." in report.failed[0].problems
    assert about.read_text(encoding="utf-8") == published
