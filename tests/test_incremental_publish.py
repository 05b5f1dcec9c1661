"""The incremental publish: after an edit, only what changed is exported again (cms.export.page_cache),
only what depends on it is rendered, and the release is the one a full build of the same content makes,
byte for byte.

The builds run in-process (`jobs=1`): the test database lives in this process.
"""

import hashlib
import json
import os
from pathlib import Path

import pytest

from cms import languages
from cms.export.kommun import export_kommun
from cms.sitebuild import nochange, pipeline
from cms.sitebuild.site import gather
from cms.sitebuild.themes import theme_hash
from cms.topics.models import TopicPage
from tests import test_change_detection as change_detection


def build(root):
    return pipeline.run(root, kommuner=["pitea"], publish=True, jobs=1)


def live_site(root):
    """Piteå built and published as the live site before an edit. Twice: the demo's images were stored
    without their file hashes, which the first export writes (cms.export.kommun._file_hash), and what
    the pages' exports are kept under changes with them."""
    build(root)
    build(root)


def release_tree(root):
    """{path: sha256} of every file the live release serves, through the kommun folders it links whole."""
    public = (Path(root) / "public").resolve()
    tree = {}
    for folder, _dirs, names in os.walk(public, followlinks=True):
        for name in names:
            path = Path(folder) / name
            tree[str(path.relative_to(public))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return tree


def the_same_release(incremental, full):
    """Whether two releases are the same, and if not, the first files that differ (for the assertion's message)."""
    a, b = release_tree(incremental), release_tree(full)
    differing = sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))
    return differing[:10]


@pytest.mark.django_db
def test_an_edited_page_is_exported_alone_and_its_release_is_a_full_builds(tmp_path, kommun):
    live_site(tmp_path / "live")
    page = change_detection.topic(kommun("pitea"))
    page.title = "Kultur i världsklass, året runt"
    page.body.append(("paragraph", "<p>Ny konsertsal vid älven.</p>"))
    page.save_revision().publish()

    report = build(tmp_path / "live")
    build(tmp_path / "full")

    [result] = report.results
    assert report.published and result.status == "built"
    # The edited page alone was exported again (in the languages that show its text); the others were kept.
    assert 0 < result.exported <= len(languages.CODES) < result.export_reused
    assert 0 < result.rendered < result.reused
    html = (tmp_path / "live" / "public" / "pitea" / "sv" / "culture" / "index.html").read_text()
    assert "Kultur i världsklass, året runt" in html and "Ny konsertsal vid älven." in html
    assert the_same_release(tmp_path / "live", tmp_path / "full") == []


@pytest.mark.django_db
def test_edited_shared_region_content_gives_the_release_a_full_build_makes(tmp_path, kommun):
    from cms.region.models import SharedContent

    live_site(tmp_path / "live")
    shared = SharedContent.objects.get(slug="moving-to-sweden-basics", locale__language_code="sv")
    shared.summary = "Det viktigaste om att flytta hit, kort."
    shared.save_revision().publish()

    report = build(tmp_path / "live")
    build(tmp_path / "full")

    [result] = report.results
    assert report.published and result.status == "built"
    assert result.export_reused == 0  # what every page's export may read changed: every page is exported again
    assert the_same_release(tmp_path / "live", tmp_path / "full") == []
    shown = [
        path
        for path in (tmp_path / "live" / "public" / "pitea" / "sv").rglob("index.html")
        if "Det viktigaste om att flytta hit, kort." in path.read_text()
    ]
    assert shown


@pytest.mark.django_db
@pytest.mark.parametrize("edit", change_detection.EDITS, ids=[edit.__name__ for edit in change_detection.EDITS])
def test_after_any_edit_the_export_with_kept_pages_is_the_full_export(edit, settings, tmp_path, request):
    """Every exported model and kind of field (tests/test_change_detection.py's edits), edited in turn: the
    export that keeps the unchanged pages' exports from before is the full export, to the order of its keys."""
    request.addfinalizer(change_detection.site_configs.cache_clear)
    both = change_detection.kommuner()
    steps = edit(both["pitea"], both["boden"], settings, tmp_path)
    next(steps)
    kept = tmp_path / "exports" / "pitea.pickle"
    for _hashes_written_then_kept in range(2):  # as live_site()
        gather("pitea", theme_hash(), kept, nochange.inputs_digest())
    with pytest.raises(StopIteration):
        next(steps)

    result, incremental = gather("pitea", theme_hash(), kept, nochange.inputs_digest())
    full = export_kommun(change_detection.kommuner()["pitea"])

    assert json.dumps(incremental, default=str) == json.dumps(full, default=str)
    if edit in (change_detection.page_field, change_detection.stream_block, change_detection.page_title):
        assert result.export_reused > 10 * result.exported > 0  # the edited page alone was exported again


@pytest.mark.django_db
def test_the_front_door_is_linked_while_its_figures_stand_and_rendered_again_when_one_moves(tmp_path, kommun):
    """An edited page that moves no figure leaves the region front door as it is live (linked whole, not rendered
    again); a new three-room rental moves Piteå's median rent, and the next release's front door shows it. Both
    releases are the ones a full build of the same content makes."""
    from tests.helpers import make_housing

    live_site(tmp_path / "live")
    page = change_detection.topic(kommun("pitea"))
    page.title = "Kultur i världsklass, hela året"
    page.save_revision().publish()

    assert build(tmp_path / "live").published
    front_door = tmp_path / "live" / "public" / "region"
    assert front_door.is_symlink()  # linked whole from the release before
    build(tmp_path / "full")
    assert the_same_release(tmp_path / "live", tmp_path / "full") == []

    before = row_of_pitea(front_door)
    make_housing(kommun("pitea"), "Storgatan 99", monthly_rent_sek=99_000)  # above every rent: the median moves
    report = build(tmp_path / "live")

    assert report.published
    assert not front_door.is_symlink()  # rendered anew in the new release
    assert row_of_pitea(front_door) != before
    build(tmp_path / "full after")
    assert the_same_release(tmp_path / "live", tmp_path / "full after") == []


def row_of_pitea(front_door):
    """Piteå's row in the English front door's comparison table."""
    html = (front_door / "en" / "index.html").read_text(encoding="utf-8")
    start = html.index('<tr data-name="Piteå"')
    return html[start : html.index("</tr>", start)]


@pytest.mark.django_db
def test_an_edit_in_one_kommun_leaves_the_other_as_its_replayed_stamp_found_it(tmp_path, kommun):
    """The kommuner the edit did not touch are recognised by replaying their recorded stamps (nochange's record,
    rows as the database gives them); a kommun whose rows moved is built again, never taken as unchanged."""

    def both(root):
        return pipeline.run(root, kommuner=["pitea", "boden"], publish=True, jobs=1)

    both(tmp_path / "live")
    both(tmp_path / "live")
    for slug, title in (("boden", "Fästningsstadens nya sida"), ("pitea", "Kultur vid älven, året runt")):
        page = TopicPage.objects.descendant_of(kommun(slug).site.root_page).first()
        page.title = title
        page.save_revision().publish()

        report = both(tmp_path / "live")

        status = {result.slug: result.status for result in report.results}
        assert report.published and status[slug] == "built"
        assert all(other == "unchanged" for name, other in status.items() if name != slug)
        site = tmp_path / "live" / "public" / slug
        assert any(title in path.read_text() for path in site.rglob("index.html"))
    both(tmp_path / "full")
    assert the_same_release(tmp_path / "live", tmp_path / "full") == []


def retitle_a_listed_story(pitea):
    """A story's title: its index and the home page list it."""
    from cms.stories.models import StoryPage

    story = StoryPage.objects.descendant_of(pitea.site.root_page).live().filter(locale__language_code="sv").first()
    story.title = "Från Lund till Piteå, med två barn"
    story.save_revision().publish()
    return story.title


def retitle_a_guide_phase(pitea):
    """A move guide phase's title: the guide and the other phases (their previous and next links) show it."""
    from cms.guide.models import GuidePhasePage

    phase = GuidePhasePage.objects.descendant_of(pitea.site.root_page).live().filter(locale__language_code="sv").first()
    phase.title = "Inventera: vad behöver familjen?"
    phase.save_revision().publish()
    return phase.title


def delete_a_topic(pitea):
    """A topic page deleted in every language: its files go, and the pages that listed or linked it change."""
    page = change_detection.topic(pitea)
    title = page.title
    for version in page.get_translations(inclusive=True).specific():
        version.delete()
    return title


@pytest.mark.django_db
@pytest.mark.parametrize("edit", [retitle_a_listed_story, retitle_a_guide_phase, delete_a_topic])
def test_after_an_edit_other_pages_show_the_release_is_a_full_builds(edit, tmp_path, kommun):
    """Edits whose text other pages show (a listed page retitled, a phase in the guide's menu retitled) or whose
    removal moves the site's links (a deleted page): the incremental release renders every page that shows it
    again and is, file by file, the one a full build of the same content makes."""
    live_site(tmp_path / "live")
    before = release_tree(tmp_path / "live")
    title = edit(kommun("pitea"))

    report = build(tmp_path / "live")
    build(tmp_path / "full")

    [result] = report.results
    assert report.published and result.status == "built"
    assert the_same_release(tmp_path / "live", tmp_path / "full") == []
    after = release_tree(tmp_path / "live")
    showing = [
        path
        for path in (tmp_path / "live" / "public" / "pitea" / "sv").rglob("index.html")
        if title in path.read_text()
    ]
    if edit is delete_a_topic:
        assert not (tmp_path / "live" / "public" / "pitea" / "sv" / "culture").exists()  # its files went with it
        assert any(path.startswith("pitea/sv/culture/") for path in set(before) - set(after))
    else:
        assert len(showing) >= 2  # its own page and at least one that lists it
    assert sum(before.get(path) != digest for path, digest in after.items()) >= (1 if edit is delete_a_topic else 2)
