"""A document uploaded in the admin is the kommun's own until published content links to it: only
then do anonymous visitors download it (`/documents/<id>/<name>`) and find it in `/api/v2/documents/`."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from cms.topics.models import TopicPage

pytestmark = pytest.mark.django_db


def upload(client, kommun, title):
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "collection": kommun.collection.pk,
            "file": SimpleUploadedFile(f"{title}.txt", b"Moving guide, draft.\n", content_type="text/plain"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Document.objects.get(title=title)


def page_linking(kommun, document, *, publish):
    """A topic page whose text links to the document (a draft, or published as the admin publishes)."""
    home = kommun.site.root_page
    page = TopicPage(
        title=f"Page with {document.title}",
        slug=f"links-{document.pk}",
        topic="other",
        intro="See the file.",
        body=[{"type": "paragraph", "value": f'<p><a linktype="document" id="{document.pk}">{document.title}</a></p>'}],
        live=False,
    )
    home.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def public(document):
    """What an anonymous visitor gets: the download's status and whether the API lists it."""
    visitor = Client()
    download = visitor.get(document.url).status_code
    listed = document.pk in [
        item["id"] for item in visitor.get(f"/api/v2/documents/?title={document.title}").json()["items"]
    ]
    return download, listed


def test_an_uploaded_document_is_public_only_once_a_live_page_links_to_it(editor_client, kommun):
    pitea = kommun("pitea")
    editor = editor_client("pitea")
    document = upload(editor, pitea, "flyttguide-utkast")
    assert public(document) == (404, False)
    assert editor.get(document.url).status_code == 200  # its own kommun's editors check it before publishing
    boden = Client()
    boden.force_login(pitea.editors_group.user_set.model.objects.get(username="editor-boden"))
    assert boden.get(document.url).status_code == 404

    draft = page_linking(pitea, document, publish=False)
    assert public(document) == (404, False)  # a draft is not a publication

    draft.get_latest_revision().publish()
    assert public(document) == (200, True)

    PageViewRestriction.objects.create(page=draft, restriction_type=PageViewRestriction.PASSWORD, password="secret")
    assert public(document) == (404, False)  # only for those who know the password
    PageViewRestriction.objects.filter(page=draft).delete()
    assert public(document) == (200, True)

    editor.post(reverse("wagtailadmin_pages:unpublish", args=[draft.pk]))
    assert public(document) == (404, False)
