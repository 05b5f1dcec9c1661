"""A new page type is its model (with its declared export) and its template: the export, the
build's stamp, the SQL check, the whole-site search and the build's template context pick it up
with nothing else edited.

The page type is made here, as an app would make it, and its table is created for this test
only (rolled back with it): no migration, settings or central list is touched.
"""

import shutil

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.models.pages import PAGE_MODEL_CLASSES

from cms.base.models import Kommun
from cms.base.site_config import site_configs
from cms.export import declarations
from cms.export.kommun import export_kommun
from cms.search.documents import page_documents
from cms.sitebuild import pipeline
from cms.sitebuild.stamp import kommun_stamp, region_stamp
from cms.topics.models import TopicPage
from tests.helpers import export_queries, undeclared_columns


@pytest.fixture
def notice_page_type():
    """A "notice" page type, declared the way an app declares one (cms/<app>/models.py)."""

    class NoticePage(declarations.ExportedPage, Page):
        """A short notice on a kommun's site (made by this test)."""

        notice = RichTextField(features=["bold", "link"])

        export_template = "notice.html"
        export_fields = ("notice",)
        parent_page_types = ["home.HomePage"]

        @classmethod
        def template_context(cls, page, pages):
            """A notice links the site's other notices."""
            return {"other_notices": [p for p in pages.of_type("noticepage") if p["key"] != page["key"]]}

        class Meta:
            app_label = "home"

    editor = connection.schema_editor()
    editor.deferred_sql = []  # what entering the editor sets up; entering it is refused inside a transaction on SQLite
    editor.create_model(NoticePage)  # in the test's transaction, so it goes when the test ends
    for statement in editor.deferred_sql:
        editor.execute(statement)
    declarations.sources.cache_clear()
    yield NoticePage
    del apps.all_models["home"]["noticepage"]
    apps.clear_cache()
    ContentType.objects.clear_cache()  # its content type row went with the test's transaction
    PAGE_MODEL_CLASSES.remove(NoticePage)
    declarations.sources.cache_clear()


@pytest.mark.django_db
def test_a_new_page_type_needs_only_its_model_and_its_template(notice_page_type):
    pitea = Kommun.objects.select_related("site").get(slug="pitea")
    home = pitea.site.root_page
    nature = TopicPage.objects.descendant_of(home).get(slug="nature")
    region = region_stamp()
    before = kommun_stamp(pitea, "theme", region)

    notice = notice_page_type(
        title="Vägarbete i centrum",
        slug="vagarbete",
        notice=f'<p>Läs om <a linktype="page" id="{nature.pk}">naturen</a> medan du väntar.</p>',
    )
    home.add_child(instance=notice)
    notice.save_revision().publish()

    assert kommun_stamp(pitea, "theme", region) != before  # the build sees the new page
    export = export_kommun(pitea)
    entry = next(p for p in export["languages_data"]["sv"]["pages"] if p["type"] == "noticepage")
    assert entry["template"] == "notice.html" and entry["url"] == "/sv/vagarbete/"
    assert entry["data"] == {"notice": '<p>Läs om <a href="/sv/nature/">naturen</a> medan du väntar.</p>'}
    # Shown in Swedish in the other languages until it is translated, as every page type is.
    english = next(p for p in export["languages_data"]["en"]["pages"] if p["type"] == "noticepage")
    assert english["text_language"] == "sv"

    assert undeclared_columns(export_queries()) == []
    searched = [d for d in page_documents(pitea) if d["object_id"] == notice.pk and d["language"] == "sv"]
    assert searched and "väntar" in searched[0]["text"]


NOTICE_TEMPLATE = (
    '{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.data.notice|safe }}'
    '<ul class="other-notices">{% for other in other_notices %}<li><a href="{{ other.url }}">{{ other.title }}</a></li>'
    "{% endfor %}</ul>{% endblock %}"
)


@pytest.mark.django_db
def test_a_new_page_types_own_template_context_reaches_its_published_page(notice_page_type, tmp_path, settings):
    """The page type says what its template lists (`template_context`, beside its model); the build's routes
    know nothing of it. Its template is a kommun's own here (sites/<slug>/templates/), so no theme file changes."""
    sites = tmp_path / "sites"
    shutil.copytree(settings.SITES_DIR, sites)
    (sites / "kalix" / "templates").mkdir(parents=True)
    (sites / "kalix" / "templates" / "notice.html").write_text(NOTICE_TEMPLATE, encoding="utf-8")
    settings.SITES_DIR = sites
    site_configs.cache_clear()
    home = Kommun.objects.select_related("site").get(slug="kalix").site.root_page
    for title, slug in (("Vägarbete i centrum", "vagarbete"), ("Badhuset stänger", "badhuset")):
        notice = notice_page_type(title=title, slug=slug, notice=f"<p>{title}: läs mer på plats.</p>")
        home.add_child(instance=notice)
        notice.save_revision().publish()

    report = pipeline.run(tmp_path / "out", kommuner=["kalix"], publish=True, jobs=1)
    site_configs.cache_clear()

    assert report.published and not report.failed
    page = (tmp_path / "out" / "public" / "kalix" / "sv" / "vagarbete" / "index.html").read_text(encoding="utf-8")
    assert '<ul class="other-notices"><li><a href="/sv/badhuset/">Badhuset stänger</a></li></ul>' in page
