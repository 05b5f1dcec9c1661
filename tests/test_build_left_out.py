"""One bad object never holds back its kommun: a real build leaves it out, publishes the rest and lists
it in the release manifest's `left_out` with what is wrong and where to fix it.

Each object is made bad behind the admin's back (the admin refuses most of these): a rich-text link
to a page unpublished after the link was written, a document or image whose file is missing,
corrupt or changed on disk, a page whose stored content cannot be read.
"""

import json
from pathlib import Path

import pytest
from wagtail.rich_text import RichText

from cms.sitebuild import pipeline
from cms.sitebuild.publish import Releases
from cms.topics.models import TopicPage
from tests.helpers import make_document, make_image

pytestmark = [pytest.mark.django_db, pytest.mark.build_output]


def build_boden(root):
    report = pipeline.run(root, kommuner=["boden"], publish=True, jobs=1)
    [result] = report.results
    assert result.status == "built", result.problems
    assert report.published
    manifest = json.loads((Releases(root).live() / "manifest.json").read_text())
    assert manifest["kommuner"]["boden"]["left_out"] == result.left_out  # where the dashboard reads it
    return result


def html_of(root, page):
    return (Path(root) / "public" / "boden" / "sv" / page.url_path.split("/", 2)[-1] / "index.html").read_text()


def boden_topics(kommun):
    return list(
        TopicPage.objects.descendant_of(kommun("boden").site.root_page).filter(locale__language_code="sv").live()
    )


def publish_body(page, html):
    page.body = [("paragraph", RichText(html))]
    page.save_revision().publish()


def left_out_naming(result, *words):
    return [item for item in result.left_out if all(word in item["message"] for word in words)]


def test_links_to_a_page_unpublished_after_or_to_no_page_keep_their_text_and_are_reported(tmp_path, kommun):
    page, target, other = boden_topics(kommun)[:3]
    other_path = "/sv/" + other.url_path.split("/", 2)[-1]
    publish_body(
        page,
        f'<p>Read <a linktype="page" id="{target.pk}">about the fortress</a> first.</p>'
        f'<p>Then <a href="{other_path}">the other page</a> and <a href="/sv/nowhere/">nowhere</a>.</p>',
    )
    target.unpublish()  # after the link was published: the admin could not refuse it

    result = build_boden(tmp_path)

    html = html_of(tmp_path, page)
    assert "Read about the fortress first." in html  # the text stays, as text
    assert 'href="#"' not in html
    [item] = left_out_naming(result, target.title, page.title, "not published")
    assert item["admin_url"].endswith(f"/admin/pages/{page.pk}/edit/")
    assert f'<a href="{other_path}">the other page</a>' in html  # a path typed by hand that is a page stays
    assert "and nowhere." in html and 'href="/sv/nowhere/"' not in html
    assert left_out_naming(result, page.title, '"/sv/nowhere/", an address typed by hand')


def test_a_document_whose_file_is_missing_is_left_out_and_links_to_it_are_text(tmp_path, kommun):
    [page] = boden_topics(kommun)[:1]
    document = make_document(kommun("boden").collection, "Flyttchecklista")
    publish_body(page, f'<p>Print <a linktype="document" id="{document.pk}">the checklist</a>.</p>')
    document.file.storage.delete(document.file.name)

    result = build_boden(tmp_path)

    assert "Print the checklist." in html_of(tmp_path, page)
    [item] = left_out_naming(result, "Flyttchecklista", "missing on disk")
    assert item["admin_url"].endswith(f"/admin/documents/edit/{document.pk}/")
    assert left_out_naming(result, page.title, "a document that no longer exists, or whose file is missing")
    assert not (tmp_path / "public" / "boden" / "media" / "documents" / str(document.pk)).exists()


def test_images_whose_files_are_missing_corrupt_or_changed_are_left_out(tmp_path, kommun):
    pages = boden_topics(kommun)[:3]
    collection = kommun("boden").collection
    missing, corrupt, changed = (make_image(collection, title) for title in ("Borta", "Trasig", "Utbytt"))
    for page, image in zip(pages, (missing, corrupt, changed), strict=True):
        page.image = image
        page.save_revision().publish()
    missing.file.storage.delete(missing.file.name)
    Path(corrupt.file.path).write_bytes(b"not a picture at all")
    type(changed).objects.filter(pk=changed.pk).update(file_hash="0" * 40)  # its file no longer the one uploaded
    type(corrupt).objects.filter(pk=corrupt.pk).update(file_hash="")  # (else its hash would tell first)

    result = build_boden(tmp_path)

    for image, problem in ((missing, "is missing on disk"), (corrupt, "cannot be read"), (changed, "changed on disk")):
        [item] = left_out_naming(result, f'"{image.title}"', problem)
        assert item["admin_url"].endswith(f"/admin/images/{image.pk}/")
    for page in pages:
        html = html_of(tmp_path, page)
        assert page.title in html  # published, without its image
        assert "/media/images/" + (page.image.file_hash or "x")[:20] not in html


def test_a_page_that_cannot_be_read_is_left_out_with_its_subpages_and_nothing_links_to_it(tmp_path, kommun):
    page = boden_topics(kommun)[0]
    TopicPage.objects.filter(pk=page.pk).update(body='[{"type": "image", "value": "not a block value"}]')

    result = build_boden(tmp_path)

    [item] = left_out_naming(result, page.title, "could not be read")
    assert item["admin_url"].endswith(f"/admin/pages/{page.pk}/edit/")
    assert not (tmp_path / "public" / "boden" / "sv" / page.url_path.split("/", 2)[-1]).exists()
    home = (tmp_path / "public" / "boden" / "sv" / "index.html").read_text()
    assert page.url_path.split("/", 2)[-1] not in home
