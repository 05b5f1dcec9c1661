"""build.py: the demo kommuner built with Pelican into releases, checked, and published atomically.

The build runs in-process here (`jobs=1`): the test database lives in this process.
"""

import hashlib
import json
import re
from pathlib import Path

import pytest

from cms import languages
from cms.base.models import CustomImage
from cms.sitebuild import pipeline
from cms.sitebuild.errors import PublishError
from cms.sitebuild.publish import Releases, build_lock, link_site
from cms.topics.models import TopicPage
from tests.conftest import DEMO_KOMMUNER

LANGUAGES = list(languages.CODES)  # Piteå publishes every language


def build(root, publish=True, kommuner=DEMO_KOMMUNER):
    return pipeline.run(root, kommuner=kommuner, publish=publish, jobs=1)


@pytest.fixture
def published(published_sites):
    return published_sites


def site(root, slug="pitea"):
    return Path(root) / "public" / slug


def read(path):
    return Path(path).read_text(encoding="utf-8")


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="https://[^/"]+([^"]*)">', html))


def test_every_language_has_its_pages(published):
    root, report = published
    pitea = site(root)
    assert report.published and (Path(root) / "public").is_symlink()
    for language in LANGUAGES:
        for path in [
            "",
            "nature/",
            "stories/",
            "move-guide/",
            "move-guide/take-root/",
            "housing/",
            "activities/",
            "jobs/",
            "about/",
            "accessibility/",
        ]:
            page = pitea / language / path / "index.html"
            assert page.is_file(), page
            assert f'<html lang="{language}" dir="{languages.direction(language)}">' in read(page)
    assert (pitea / "index.html").is_file() and (pitea / "404.html").is_file()
    assert len(list((pitea / "en" / "housing").glob("*/index.html"))) >= 20
    assert len(list((pitea / "en" / "activities").glob("*.ics"))) >= 16
    assert len(list((pitea / "en" / "jobs").glob("*/index.html"))) >= 10


def test_translations_link_each_other_both_ways(published):
    """Among the versions a page offers (those really in their language: tests/test_languages.py)."""
    root, _report = published
    pitea = site(root)
    for page in (pitea / "en").rglob("index.html"):
        if 'role="note"' in read(page):
            continue  # shown in Swedish: it offers no versions
        links = alternates(read(page))
        assert {"en", "sv", "x-default"} <= set(links) <= set(LANGUAGES) | {"x-default"}, page
        own = "/" + str(page.relative_to(pitea)).removesuffix("index.html")
        for language, href in links.items():
            if language == "x-default":
                continue
            other = pitea / href.lstrip("/") / "index.html"
            assert other.is_file(), f"{page} links {href}"
            assert alternates(read(other)).get("en") == own, f"{other} does not link back to {own}"


def test_untranslated_pages_say_so_and_carry_their_language(published):
    root, _report = published
    german_nature = read(site(root) / "de" / "nature" / "index.html")
    assert 'role="note"' in german_nature
    assert '<article lang="en">' in german_nature
    german_guide = read(site(root) / "de" / "move-guide" / "index.html")
    assert 'role="note"' not in german_guide


def test_sitemap_lists_every_page_with_alternates(published):
    root, _report = published
    pitea = site(root)
    sitemap = read(pitea / "sitemap.xml")
    locations = set(re.findall(r"<loc>https://move\.pitea\.se([^<]*)</loc>", sitemap))
    pages = {
        "/" + str(p.relative_to(pitea)).removesuffix("index.html")
        for p in pitea.glob("*/**/index.html")
        if 'role="note"' not in read(p)
    }  # a page shown in a fallback language is not listed as that language
    assert pages <= locations
    assert sitemap.count('hreflang="x-default"') == len(locations)
    assert "Sitemap: https://move.pitea.se/sitemap.xml" in read(pitea / "robots.txt")


def test_prices_and_dates_are_formatted_for_each_language(published):
    root, _report = published
    pitea = site(root)
    listing = next((pitea / "sv" / "housing").glob("*/index.html"))
    number = listing.parent.name
    swedish, german = read(listing), read(pitea / "de" / "housing" / number / "index.html")
    assert re.search(r"\d[\xa0\u202f]\d{3}\xa0kr", swedish), "Swedish prices look like 8 200 kr"
    assert re.search(r"\d\.\d{3}\xa0SEK", german), "German prices look like 8.200 SEK"
    activities = read(pitea / "fi" / "activities" / "index.html")
    assert re.search(r"\d{1,2}\. \w+kuuta 202[67]", activities), "Finnish dates"


def test_structured_data_and_feeds(published):
    root, _report = published
    pitea = site(root)
    job = next((pitea / "en" / "jobs").glob("*/index.html"))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', read(job), re.S).group(1))
    assert data["@type"] == "JobPosting" and data["hiringOrganization"]["name"]
    activity = next((pitea / "en" / "activities").glob("*/index.html"))
    event = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', read(activity), re.S).group(1))
    assert event["@type"] == "Event" and event["location"]["geo"]["latitude"]
    calendar = (pitea / "en" / "activities" / "calendar.ics").read_bytes()
    assert calendar.startswith(b"BEGIN:VCALENDAR\r\n") and calendar.count(b"BEGIN:VEVENT") >= 15
    assert b"\n" not in calendar.replace(b"\r\n", b"")
    feed = read(pitea / "en" / "stories" / "feed.atom")
    assert feed.count("<entry>") >= 2


def test_no_request_leaves_the_site(published):
    root, _report = published
    for page in site(root).rglob("*.html"):
        html = read(page)
        for tag, attribute in [("script", "src"), ("img", "src"), ("source", "srcset"), ("link", "href")]:
            for value in re.findall(rf'<{tag}\b[^>]*\b{attribute}="([^"]+)"', html):
                assert value.startswith("/") or "move.pitea.se" in value, f"{page}: {tag} {value}"


def test_images_have_sizes_alt_text_and_webp(published):
    root, _report = published
    home = read(site(root) / "en" / "index.html")
    image = re.search(r"<img [^>]*srcset=[^>]+>", home).group(0)
    assert re.search(r'width="\d+" height="\d+"', image) and 'alt="Illustration' in image
    assert 'type="image/webp"' in home


@pytest.mark.django_db
def test_publishing_again_with_nothing_changed_publishes_nothing(published):
    root, _report = published
    releases = Releases(root)
    live = releases.live()
    report = build(root)
    assert not report.published and "Nothing changed" in report.message
    assert releases.live() == live
    assert len(releases.history()) == 1


@pytest.mark.django_db
def test_one_edited_page_rebuilds_only_what_depends_on_it(tmp_path, kommun):
    first = build(tmp_path, kommuner=["pitea"])
    page = TopicPage.objects.descendant_of(kommun("pitea").site.root_page).get(slug="culture")
    page.title = "Kultur i världsklass, året runt"
    page.save_revision().publish()

    second = build(tmp_path, kommuner=["pitea"])

    result = second.results[0]
    total = first.results[0].rendered
    assert second.published and result.status == "built"
    assert 0 < result.rendered < total / 10, (result.rendered, total)
    assert "Kultur i världsklass, året runt" in read(site(tmp_path) / "sv" / "culture" / "index.html")
    # The lists that show its title are rebuilt too: the home page's top picks.
    assert "Kultur i världsklass, året runt" in read(site(tmp_path) / "sv" / "index.html")


@pytest.mark.django_db
def test_a_kommun_that_fails_keeps_its_live_site_and_the_others_publish(tmp_path, kommun):
    build(tmp_path)
    old_boden = read(site(tmp_path, "boden") / "en" / "index.html")
    home = kommun("boden").site.root_page
    home.get_translations().get(locale__language_code="en").delete()  # sites/boden.toml still lists English
    page = TopicPage.objects.descendant_of(kommun("pitea").site.root_page).get(slug="nature")
    page.title = "Naturen, nu ännu närmare"
    page.save_revision().publish()

    report = build(tmp_path)

    assert [r.slug for r in report.failed] == ["boden"]
    problem = " ".join(report.failed[0].problems)
    assert "The en home page of Boden" in problem and f"/admin/pages/{home.pk}/" in problem
    assert report.published
    assert read(site(tmp_path, "boden") / "en" / "index.html") == old_boden
    assert (Releases(tmp_path).live() / "boden").is_symlink()  # kept whole: no file of it copied
    assert "Naturen, nu ännu närmare" in read(site(tmp_path) / "sv" / "nature" / "index.html")


@pytest.mark.django_db
def test_an_image_without_alt_text_is_left_out_and_its_kommun_still_publishes(tmp_path, kommun, capsys):
    """Stored bypassing the admin's validation (which refuses it), it holds back nothing else."""

    from cms.sitebuild.progress import print_report

    page = TopicPage.objects.descendant_of(kommun("boden").site.root_page).exclude(image=None).first()
    CustomImage.objects.filter(pk=page.image_id).update(description="", decorative=False)
    page.title = "Boden, ändrad och publicerad"
    page.save_revision().publish()

    report = build(tmp_path, kommuner=["boden"])

    result = report.results[0]
    assert report.published and result.status == "built"
    html = read(site(tmp_path, "boden") / "sv" / page.url_path.split("/", 3)[-1] / "index.html")
    assert "Boden, ändrad och publicerad" in html  # the page is published, without the image
    image = CustomImage.objects.get(pk=page.image_id)
    assert image.get_file_hash()[:20] not in html  # (renditions are named by the file's hash)
    [left_out] = result.left_out
    assert image.title in left_out["message"] and "alt text" in left_out["message"]
    assert left_out["admin_url"].endswith(f"/admin/images/{image.pk}/")
    manifest = json.loads((Releases(tmp_path).live() / "manifest.json").read_text())
    assert manifest["kommuner"]["boden"]["left_out"] == result.left_out  # where the dashboard reads it
    print_report(report)
    assert f"/admin/images/{image.pk}/" in capsys.readouterr().err


@pytest.mark.django_db
def test_two_builds_of_the_same_content_are_byte_identical(tmp_path):
    trees = []
    for name in ("a", "b"):
        build(tmp_path / name, kommuner=["boden"])
        public = tmp_path / name / "public"
        trees.append(
            {
                str(p.relative_to(public.resolve())): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in public.resolve().rglob("*")
                if p.is_file()
            }
        )
    assert trees[0] == trees[1]


@pytest.mark.django_db
def test_rollback_restores_the_previous_release(tmp_path, kommun):
    build(tmp_path, kommuner=["boden"])
    releases = Releases(tmp_path)
    first = releases.live()
    page = TopicPage.objects.descendant_of(kommun("boden").site.root_page).get(slug="work")
    page.title = "Jobb i Boden, nu"
    page.save_revision().publish()
    build(tmp_path, kommuner=["boden"])
    assert releases.live() != first

    assert releases.rollback() == first
    assert releases.live() == first
    assert "Jobb i Boden, nu" not in read(site(tmp_path, "boden") / "sv" / "work" / "index.html")


def test_a_second_build_waits_for_no_one(tmp_path):
    with build_lock(tmp_path):
        with pytest.raises(PublishError, match="Another build is running"):
            with build_lock(tmp_path):
                pass


@pytest.mark.django_db
def test_a_failed_build_leaves_public_exactly_as_it_was(tmp_path, monkeypatch, kommun):
    build(tmp_path, kommuner=["boden"])
    releases = Releases(tmp_path)
    live = releases.live()
    before = {p: p.read_bytes() for p in live.rglob("*") if p.is_file()}
    page = TopicPage.objects.descendant_of(kommun("boden").site.root_page).get(slug="schools")
    page.title = "Skolor i Boden, uppdaterat"
    page.save_revision().publish()

    def broken(*args, **kwargs):
        raise RuntimeError("the theme is broken")

    monkeypatch.setattr(pipeline, "build_kommun", broken)
    report = build(tmp_path, kommuner=["boden"])

    assert report.failed and not report.published
    assert releases.live() == live
    assert {p: p.read_bytes() for p in live.rglob("*") if p.is_file()} == before


@pytest.mark.django_db
def test_an_unpublished_listing_disappears_at_the_next_publish(tmp_path, kommun):
    from cms.housing.models import HousingListing

    build(tmp_path, kommuner=["pitea"])
    listing = HousingListing.objects.filter(kommun=kommun("pitea"), live=True).first()
    page = site(tmp_path) / "en" / "housing" / str(listing.pk) / "index.html"
    assert page.is_file()

    listing.unpublish()
    report = build(tmp_path, kommuner=["pitea"])

    assert report.published and report.results[0].status == "built"
    assert not page.exists()
    assert f"/en/housing/{listing.pk}/" not in read(site(tmp_path) / "en" / "housing" / "index.html")


def test_old_releases_go_but_not_the_sites_a_kept_release_links_to(tmp_path):
    """A site not rebuilt is linked whole from the release holding its files; pruning keeps that release
    for as long as a kept one links to it, and every kept release can still be rolled back to."""
    releases = Releases(tmp_path)
    made = []
    for number in range(1, 8):
        release = releases.new_folder()
        (release / "pitea" / "en").mkdir(parents=True)
        (release / "pitea" / "en" / "index.html").write_text(f"Piteå {number}", encoding="utf-8")
        if number == 1:
            (release / "boden" / "en").mkdir(parents=True)
            (release / "boden" / "en" / "index.html").write_text("Boden 1", encoding="utf-8")
        else:
            link_site(releases.live() / "boden", release / "boden")
        made.append(releases.finish(release))
        releases.switch(made[-1])
        releases.prune(keep=5)

    assert releases.history() == [made[0], *made[2:]]  # the first holds Boden's files
    assert read(tmp_path / "public" / "boden" / "en" / "index.html") == "Boden 1"
    for expected in reversed(made[2:-1]):
        assert releases.rollback() == expected
        assert read(tmp_path / "public" / "boden" / "en" / "index.html") == "Boden 1"
    assert read(tmp_path / "public" / "pitea" / "en" / "index.html") == "Piteå 3"
