"""The admin refuses, at publish, a rich-text link the build would leave out: to a page that is not
published, to another kommun's page, to a deleted page or document; through the real admin, on
a body's paragraph block and on a RichTextField. A draft may keep it (Wagtail's deferred validation)."""

import html
import json
import re

import pytest
from django.apps import apps
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.base.blocks import RICH_TEXT_FEATURES
from cms.base.rich_text import RichTextBlock, RichTextLinksForm
from cms.region.models import SharedContentPage
from cms.topics.models import TopicPage
from tests.test_validation import errors_of

pytestmark = pytest.mark.django_db


def paragraph(text):
    return ("paragraph", rich_text(text, features=RICH_TEXT_FEATURES))


def block_errors(response):
    """The messages the admin shows on a StreamField's blocks (handed to its script as JSON), and on fields."""
    page = html.unescape(response.content.decode())
    found = [message for messages in re.findall(r'"messages": (\[.*?\])', page) for message in json.loads(messages)]
    return " | ".join([*found, errors_of(response)])


def topic_form(page, action="action-publish", **fields):
    data = {
        "title": page.title,
        "slug": page.slug,
        "topic": page.topic,
        "intro": page.intro,
        "body": streamfield([]),
        "comments": inline_formset([]),
        action: action.split("-", 1)[1],
        **fields,
    }
    return nested_form_data(data)


def topics(kommun, slug):
    return TopicPage.objects.descendant_of(kommun(slug).site.root_page).filter(locale__language_code="sv")


@pytest.fixture
def pitea_page(kommun):
    return topics(kommun, "pitea").get(slug="nature")


@pytest.fixture
def unpublished(kommun, pitea_page):
    """Another of Piteå's pages, unpublished."""
    page = topics(kommun, "pitea").exclude(pk=pitea_page.pk).first()
    page.unpublish()
    return page


def link_to(page_id, text="read this"):
    return f'<p>Before you move, <a linktype="page" id="{page_id}">{text}</a>.</p>'


def test_publishing_a_link_to_an_unpublished_page_is_refused_naming_it(editor_client, pitea_page, unpublished):
    data = topic_form(pitea_page, body=streamfield([paragraph(link_to(unpublished.pk))]))

    response = editor_client("pitea").post(f"/admin/pages/{pitea_page.pk}/edit/", data)

    assert response.status_code == 200  # the form again: nothing was published
    errors = block_errors(response)
    assert f"The link to “{unpublished.title}” goes to a page that is not published" in errors, errors
    pitea_page.refresh_from_db()
    assert not pitea_page.has_unpublished_changes


def test_a_draft_may_keep_the_link_until_it_is_published(editor_client, pitea_page, unpublished):
    data = topic_form(pitea_page, action="action-save", body=streamfield([paragraph(link_to(unpublished.pk))]))

    response = editor_client("pitea").post(f"/admin/pages/{pitea_page.pk}/edit/", data)

    assert response.status_code == 302, errors_of(response)
    pitea_page.refresh_from_db()
    assert pitea_page.has_unpublished_changes


def test_once_the_linked_page_is_published_the_link_is_published(editor_client, pitea_page, unpublished):
    unpublished.get_latest_revision().publish()
    data = topic_form(pitea_page, body=streamfield([paragraph(link_to(unpublished.pk))]))

    response = editor_client("pitea").post(f"/admin/pages/{pitea_page.pk}/edit/", data)

    assert response.status_code == 302, errors_of(response)
    assert f'id="{unpublished.pk}"' in str(TopicPage.objects.get(pk=pitea_page.pk).body.raw_data)  # live


def test_a_link_to_another_kommuns_page_is_refused(editor_client, kommun, pitea_page):
    boden_page = topics(kommun, "boden").live().first()
    data = topic_form(pitea_page, body=streamfield([paragraph(link_to(boden_page.pk))]))

    response = editor_client("pitea").post(f"/admin/pages/{pitea_page.pk}/edit/", data)

    assert response.status_code == 200
    assert f"The link to “{boden_page.title}” goes to a page of another kommun's site" in block_errors(response)


def test_a_link_to_a_deleted_page_is_refused(editor_client, pitea_page):
    gone = Page.objects.order_by("-pk").first().pk + 1000
    data = topic_form(pitea_page, body=streamfield([paragraph(link_to(gone))]))

    response = editor_client("pitea").post(f"/admin/pages/{pitea_page.pk}/edit/", data)

    assert response.status_code == 200
    assert "A link goes to a page that no longer exists" in block_errors(response)


def test_a_link_to_a_document_without_its_file_is_refused(editor_client, kommun, pitea_page):
    from tests.helpers import make_document

    document = make_document(kommun("pitea").collection, "Moving checklist")
    document.file.storage.delete(document.file.name)
    html = f'<p>See <a linktype="document" id="{document.pk}">the checklist</a>.</p>'
    data = topic_form(pitea_page, body=streamfield([paragraph(html)]))

    response = editor_client("pitea").post(f"/admin/pages/{pitea_page.pk}/edit/", data)

    assert response.status_code == 200
    assert "The link to the document “Moving checklist” cannot be published: its file is missing" in block_errors(
        response
    )


def test_an_address_on_the_site_typed_by_hand_is_refused(editor_client, pitea_page):
    data = topic_form(pitea_page, body=streamfield([paragraph('<p>See <a href="/sv/boende/">homes</a>.</p>')]))

    response = editor_client("pitea").post(f"/admin/pages/{pitea_page.pk}/edit/", data)

    assert response.status_code == 200
    assert "The link to “/sv/boende/” is an address on the site typed by hand" in block_errors(response)


def test_a_rich_text_field_refuses_it_on_the_field(editor_client, kommun, unpublished):
    page = SharedContentPage.objects.descendant_of(kommun("pitea").site.root_page).filter(locale__language_code="sv")
    page = page.first()
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "shared": page.shared_id,
            "local_note": rich_text(link_to(unpublished.pk), features=RICH_TEXT_FEATURES),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )

    response = editor_client("pitea").post(f"/admin/pages/{page.pk}/edit/", data)

    assert response.status_code == 200
    assert f"The link to “{unpublished.title}” goes to a page that is not published" in errors_of(response)


def rich_text_blocks(block, where):
    if isinstance(block, blocks.RichTextBlock):
        yield where, block
    for name, child in getattr(block, "child_blocks", {}).items():
        yield from rich_text_blocks(child, f"{where}.{name}")
    if isinstance(block, blocks.ListBlock):
        yield from rich_text_blocks(block.child_block, where)


def test_every_rich_text_of_every_model_checks_its_links():
    """A new RichTextBlock or RichTextField with Wagtail's own validation would publish dead links again."""
    unchecked, found = [], 0
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for where, block in rich_text_blocks(field.stream_block, f"{model.__name__}.{field.name}"):
                    found += 1
                    if not isinstance(block, RichTextBlock):
                        unchecked.append(where)
            if isinstance(field, RichTextField):
                found += 1
                if model in get_page_models():
                    form_class = model.get_edit_handler().get_form_class()
                else:
                    form_class = model.snippet_viewset.get_form_class(for_update=True)
                if not issubclass(form_class, RichTextLinksForm):
                    unchecked.append(f"{model.__name__}.{field.name}")
    assert found, "the walk found no rich text"
    assert unchecked == []
