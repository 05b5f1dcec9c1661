"""A no-change build answered before Django's apps load (cms.sitebuild.nochange): the same answer as
the full build when nothing changed, and no answer (the full build decides) whenever anything did."""

import pytest

from cms.sitebuild import nochange, pipeline
from cms.sitebuild.publish import build_lock
from cms.topics.models import TopicPage
from tests.helpers import make_image


def build(root):
    return pipeline.run(root, kommuner=["pitea"], publish=True, jobs=1)


@pytest.fixture
def published(tmp_path):
    assert build(tmp_path).published
    # The first export stores the images' content hashes, which moves the stamp: the next build finds
    # nothing changed to show and keeps the new stamps.
    assert "Nothing changed" in build(tmp_path).message
    return tmp_path


def outcome(report):
    return report.message, report.release, report.pages, [(r.slug, r.name, r.status) for r in report.results]


@pytest.mark.django_db
def test_nothing_changed_gives_the_full_builds_answer(published):
    quick = nochange.answer(published, kommuner=["pitea"])
    assert quick is not None and "Nothing changed" in quick.message
    assert outcome(quick) == outcome(build(published))
    assert nochange.answer(published) is None  # every kommun: only Piteå is built, the full build makes the others


@pytest.mark.django_db
def test_an_edited_page_is_left_to_the_full_build(published, kommun):
    page = TopicPage.objects.descendant_of(kommun("pitea").site.root_page).get(slug="culture")
    page.title = "Kultur i världsklass, året runt"
    page.save_revision().publish()

    assert nochange.answer(published, kommuner=["pitea"]) is None
    assert build(published).published
    assert nochange.answer(published, kommuner=["pitea"]) is not None  # the new release is as live


@pytest.mark.django_db
def test_an_image_file_replaced_on_disk_is_left_to_the_full_build(published, kommun):
    from cms.sitebuild.stamp import media_root

    image = make_image(kommun("pitea").collection, "Ersatt bild")
    assert nochange.answer(published, kommuner=["pitea"]) is None  # a new row in the kommun's collection
    build(published)
    assert nochange.answer(published, kommuner=["pitea"]) is not None
    with open(f"{media_root()}/{image.file.name}", "ab") as file:
        file.write(b"changed behind the CMS's back")
    assert nochange.answer(published, kommuner=["pitea"]) is None


@pytest.mark.django_db
def test_a_changed_setting_a_new_kommun_name_or_a_running_build_is_left_to_the_full_build(published, settings):
    settings.PUBLIC_API_URL = "https://api.norrbotten.example"
    assert nochange.answer(published, kommuner=["pitea"]) is None
    settings.PUBLIC_API_URL = ""
    assert nochange.answer(published, kommuner=["pitea"]) is not None

    assert nochange.answer(published, kommuner=["nowhere"]) is None  # the full build names the unknown kommun
    with build_lock(published):
        assert nochange.answer(published, kommuner=["pitea"]) is None  # the full build says another one runs


@pytest.mark.django_db
def test_without_a_record_the_full_build_decides(published):
    (published / nochange.RECORD).unlink()
    assert nochange.answer(published, kommuner=["pitea"]) is None
    build(published)  # nothing changed, and the steps are recorded again
    assert nochange.answer(published, kommuner=["pitea"]) is not None
