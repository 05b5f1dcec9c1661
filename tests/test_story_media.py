"""Videos and virtual tours as an editor meets them in the real Wagtail admin, and as the build publishes
them: captions are required in the page's language and must be WebVTT, an external video must be one the
click-to-load player shows, and the demo's stories carry a captioned clip or a tour."""

import html
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.base.csp import PLAYER_ORIGINS
from cms.stories.blocks import external_video
from cms.stories.models import StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db

CLIP = Path(__file__).resolve().parent.parent / "content" / "demo" / "stories" / "clips" / "aurora.webm"


def document(kommun, title, name, data):
    """A document in the kommun's collection, as an editor's upload leaves it."""
    made = get_document_model()(title=title, collection=kommun.collection, file=ContentFile(data, name=name))
    made.save()
    return made


def list_block(items):
    """A ListBlock's form data (Wagtail 8): a count, and per item its value, order and deleted flag."""
    data = {str(i): {"value": item, "order": str(i), "deleted": "", "id": ""} for i, item in enumerate(items)}
    data["count"] = str(len(items))
    return data


def video(title="A film", video_id="", url="", poster="", captions=(), transcript=""):
    return (
        "video",
        {
            "title": title,
            "video": str(video_id),
            "url": url,
            "poster": str(poster),
            "captions": list_block([{"language": code, "file": str(pk)} for code, pk in captions]),
            "transcript": transcript,
        },
    )


def story_form(index, body, **fields):
    data = {
        "title": "Ny i Piteå",
        "slug": "ny-i-pitea",
        "person": "Ana",
        "moved_from": "",
        "year_moved": "",
        "summary": "En kort film.",
        "image": "",
        "video_url": "",
        "body": streamfield([("paragraph", rich_text("<p>Hej.</p>")), *body]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(fields)
    return nested_form_data(data)


def post_story(client, index, body, **fields):
    url = reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk])
    return client.post(url, story_form(index, body, **fields))


def shown_errors(response):
    """Every error message of the form as the admin's page carries it (stream block errors travel as JSON)."""
    return html.unescape(response.content.decode()).encode().decode("unicode_escape", "ignore")


@pytest.fixture
def pitea_story_index(kommun):
    return StoryIndexPage.objects.descendant_of(kommun("pitea").site.root_page).get(locale__language_code="sv")


@pytest.fixture
def uploads(kommun):
    pitea = kommun("pitea")
    from cms.base.models import CustomImage

    return {
        "clip": document(pitea, "Clip", "clip.webm", CLIP.read_bytes()),
        "sv": document(pitea, "Undertexter", "sv.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nHej!\n"),
        "en": document(pitea, "Captions", "en.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello!\n"),
        "not-vtt": document(pitea, "Not captions", "fake.vtt", b"1\n00:00:00,000 --> 00:00:02,000\nHej!\n"),
        "pdf": document(pitea, "A leaflet", "leaflet.pdf", b"%PDF-1.4\n"),
        "poster": CustomImage.objects.filter(collection=pitea.collection).first(),
    }


def test_a_video_with_captions_in_the_pages_language_is_published(editor_client, pitea_story_index, uploads):
    body = [video(video_id=uploads["clip"].pk, poster=uploads["poster"].pk, captions=[("sv", uploads["sv"].pk)])]
    response = post_story(editor_client("pitea"), pitea_story_index, body)
    assert response.status_code == 302, shown_errors(response)[-3000:]
    page = StoryPage.objects.get(slug="ny-i-pitea", locale__language_code="sv")
    block = page.body[1].value
    assert page.live and block["video"].pk == uploads["clip"].pk
    assert [item["language"] for item in block["captions"]] == ["sv"]


@pytest.mark.parametrize(
    "body, message",
    [
        (lambda u: [video(video_id=u["clip"].pk, poster=u["poster"].pk)], "Add captions: a video file needs"),
        (
            lambda u: [video(video_id=u["clip"].pk, poster=u["poster"].pk, captions=[("en", u["en"].pk)])],
            "Add captions in Svenska, the language of this page.",
        ),
        (
            lambda u: [video(video_id=u["clip"].pk, poster=u["poster"].pk, captions=[("sv", u["not-vtt"].pk)])],
            "is not a WebVTT file",
        ),
        (
            lambda u: [video(video_id=u["pdf"].pk, poster=u["poster"].pk, captions=[("sv", u["sv"].pk)])],
            "is not a video: choose an MP4 or WebM file.",
        ),
        (lambda u: [video(video_id=u["clip"].pk, captions=[("sv", u["sv"].pk)])], "Choose the picture shown before"),
        (lambda u: [video(url="https://example.org/films/42")], "Give the address of a video on YouTube or Vimeo."),
        (lambda u: [video()], "Choose a video file or give a link."),
    ],
)
def test_a_video_the_visitor_could_not_follow_is_refused_with_a_message(
    editor_client, pitea_story_index, uploads, body, message
):
    response = post_story(editor_client("pitea"), pitea_story_index, body(uploads))
    assert response.status_code == 200
    assert message in shown_errors(response)
    assert not StoryPage.objects.filter(slug="ny-i-pitea").exists()


def test_a_storys_own_video_link_must_be_youtube_or_vimeo(editor_client, pitea_story_index):
    response = post_story(editor_client("pitea"), pitea_story_index, [], video_url="https://example.org/film")
    assert response.status_code == 200
    assert "Give the address of a video on YouTube or Vimeo." in shown_errors(response)


@pytest.mark.parametrize(
    "url, player",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://example.org/watch?v=dQw4w9WgXcQ", None),
        ("https://www.youtube.com/watch?v=short", None),
    ],
)
def test_only_youtube_and_vimeo_addresses_become_a_player_the_policy_allows(url, player):
    found = external_video(url)
    assert (found["embed_url"].split("?")[0] if found else None) == player
    if found:
        assert found["embed_url"].startswith(PLAYER_ORIGINS)


def test_every_demo_story_has_a_captioned_video_or_a_tour(published_sites):
    root = Path(published_sites[0]) / "public"
    for slug in ("pitea", "boden"):
        for language in ("sv", "en", "de"):
            stories = [p.parent for p in (root / slug / language / "stories").glob("*/index.html")]
            assert len(stories) >= 3, (slug, language)
            for story in stories:
                page = (story / "index.html").read_text(encoding="utf-8")
                assert '<video controls preload="none"' in page or "data-tour" in page, story
                for frame in re.findall(r'<div class="video-frame">(.*?)<video ([^>]*)>', page, re.S):
                    # The poster is a lazy picture under the video, not its `poster`, which loads with the page
                    # (that is a transparent pixel, inline).
                    assert 'poster="data:image/gif;base64,' in frame[1] and "/media/" not in frame[1]
                    poster = re.search(r'<img src="([^"]+)"[^>]* alt="" loading="lazy"', frame[0]).group(1)
                    assert (root / slug / poster.lstrip("/")).is_file()
                assert page.count('<div class="video-frame">') == page.count("<video ")
                tracks = re.findall(r'<track kind="captions" src="([^"]+)" srclang="([a-z]+)"', page)
                if "<video" in page:
                    assert {"sv", "en"} <= {code for _src, code in tracks}, story
                    assert re.search(r'<track [^>]*srclang="(sv|en)"[^>]* default>', page)
                for src, _code in tracks:
                    assert (root / slug / src.lstrip("/")).read_bytes().startswith(b"WEBVTT\n"), src


def test_a_tour_without_javascript_shows_every_place_with_its_still_caption_and_position(published_sites):
    root = Path(published_sites[0]) / "public" / "pitea"
    page = (root / "en" / "stories" / "virtual-tour" / "index.html").read_text(encoding="utf-8")
    places = re.findall(r'<li class="tour-place">(.*?)</li>', page, re.S)
    assert len(places) >= 3
    for place in places:
        assert re.search(r'<img src="/media/images/[^"]+"', place)
        assert "openstreetmap.org/?mlat=65." in place  # Piteå's neighbourhoods lie at 65° N
    assert "Norrmalm" in places[0] and 'class="tour-look" data-panorama="/media/images/' in places[0]
    # The viewer gets the panorama large (a desktop shows a tenth of it at a time); the still picture stays responsive.
    large = re.search(r'data-panorama="([^"]+)"', places[0]).group(1)
    with Image.open(root / large.lstrip("/")) as panorama:
        assert panorama.size == (4096, 2048)
    still = re.search(r'<img src="([^"]+)" srcset="([^"]+)"', places[0])
    assert still.group(1) != large and all(int(w[:-1]) <= 1440 for w in re.findall(r" (\d+w)", still.group(2)))
    assert 'class="tour-nav" hidden' in page  # the buttons come with the script
    viewer = re.search(r'data-viewer="(/theme/vendor/pannellum\.[0-9a-f]{12}\.js)"', page).group(1)
    assert (root / viewer.lstrip("/")).read_bytes().startswith(b"// Pannellum")


def test_the_viewer_is_loaded_only_by_pages_with_a_tour(published_sites):
    root = Path(published_sites[0]) / "public" / "pitea" / "sv"
    for page in ("stories/pizza-shopping-and-yoga/index.html", "index.html", "housing/index.html"):
        html = (root / page).read_text()
        assert "/theme/js/tour." not in html and "/theme/vendor/pannellum." not in html, page
    assert "/theme/js/tour." in (root / "stories" / "virtual-tour" / "index.html").read_text()
