"""The admin refuses an image without alt text where the editor chooses it, as the build would
leave it out: a page body's image block, a hero image, a listing's photos, through the real admin."""

import pytest
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.topics.models import TopicPage
from tests.test_validation import errors_of

pytestmark = pytest.mark.django_db

MESSAGE = "has no alt text"
LINK = ("call_to_action", {"text": "Read more", "page": "", "url": "https://www.norrbotten.se/", "name": ""})


@pytest.fixture
def image_without_alt_text(kommun):
    """An image of Piteå's collection uploaded without alt text (as the chooser's upload allows)."""
    image = get_image_model().objects.filter(collection=kommun("pitea").collection).first()
    get_image_model().objects.filter(pk=image.pk).update(description="", decorative=False)
    return image


def topic_form(page, **fields):
    data = {
        "title": page.title,
        "slug": page.slug,
        "topic": page.topic,
        "intro": page.intro,
        "body": streamfield([LINK]),
        "comments": inline_formset([]),
        "action-publish": "publish",
        **fields,
    }
    return nested_form_data(data)


def pitea_topic(kommun):
    return TopicPage.objects.descendant_of(kommun("pitea").site.root_page).get(slug="nature")


def test_publishing_a_page_with_an_image_block_without_alt_text_is_refused(
    editor_client, kommun, image_without_alt_text
):
    page = pitea_topic(kommun)
    client = editor_client("pitea")
    data = topic_form(page, body=streamfield([("image", {"image": image_without_alt_text.pk, "caption": ""})]))

    response = client.post(f"/admin/pages/{page.pk}/edit/", data)

    assert response.status_code == 200  # the form again, not a redirect: nothing was published
    html = response.content.decode()
    assert MESSAGE in html, errors_of(response)
    page.refresh_from_db()
    assert not page.has_unpublished_changes


def test_a_hero_image_without_alt_text_is_refused_on_its_field(editor_client, kommun, image_without_alt_text):
    page = pitea_topic(kommun)

    response = editor_client("pitea").post(
        f"/admin/pages/{page.pk}/edit/", topic_form(page, image=image_without_alt_text.pk)
    )

    assert response.status_code == 200
    assert MESSAGE in errors_of(response)


def test_the_same_image_marked_decorative_is_published(editor_client, kommun, image_without_alt_text):
    get_image_model().objects.filter(pk=image_without_alt_text.pk).update(decorative=True)
    page = pitea_topic(kommun)

    response = editor_client("pitea").post(
        f"/admin/pages/{page.pk}/edit/", topic_form(page, image=image_without_alt_text.pk)
    )

    assert response.status_code == 302, errors_of(response)
    page.refresh_from_db()
    assert page.image_id == image_without_alt_text.pk and page.live
