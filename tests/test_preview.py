"""Editors preview a page in Wagtail's admin before publishing it.

The CMS serves no public pages (build.py publishes the microsites), but Wagtail's
preview panel renders a page through its template; without one, every preview is an error.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_type_previews_with_its_content(kommun):
    root = kommun("pitea").site.root_page
    seen = {}
    for page in root.get_descendants(inclusive=True).specific():
        seen.setdefault(type(page), page)
    assert len(seen) == 7, sorted(cls.__name__ for cls in seen)
    for page in seen.values():
        response = page.make_preview_request()
        assert response.status_code == 200, page
        html = response.content.decode()
        assert f"<title>{page.title}</title>" in html.replace("&#x27;", "'"), page
        assert 'lang="sv"' in html


def test_preview_shows_an_unsaved_edit_and_publishes_nothing(kommun):
    from cms.topics.models import TopicPage

    page = TopicPage.objects.descendant_of(kommun("pitea").site.root_page).get(slug="nature")
    page.intro = "Ett osparat utkast om fjällen"
    response = page.make_preview_request()
    assert "Ett osparat utkast om fjällen" in response.content.decode()
    page.refresh_from_db()
    assert page.intro != "Ett osparat utkast om fjällen"


def test_an_editor_cannot_preview_another_kommuns_page(editor_client, kommun):
    page = kommun("pitea").site.root_page
    response = editor_client("boden").get(reverse("wagtailadmin_pages:preview_on_edit", args=(page.id,)))
    assert response.status_code in (302, 403)
    assert page.specific.hero_headline not in response.content.decode()
