"""The stories' videos and virtual tour in the demo (content/demo/stories/media.toml).

The demo loader (cms.base.demo.loader) asks, per kommun, for a video block in each story's body
(`StoryMedia.video_block`) and for the kommun's tour story (`StoryMedia.load_tour`). The clips are committed
files (cms.stories.demo_clips drew them); their captions, WebVTT in the story's languages, are written from the
story's quotes as the demo loads; the tour's panorama is drawn with Pillow (cms.stories.demo_panorama).
Documents and images are found by title before they are made, so a second load makes nothing twice.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.files.base import ContentFile
from pydantic import Field
from wagtail.documents import get_document_model

from cms.base.demo import schema
from cms.base.models import CustomImage, ImageAltText

MEDIA_FILE = "stories/media.toml"
CLIP_SECONDS = 6.0
TOUR_SCENES = ("town", "home", "summer", "winter")
HERO_SCENE = "midnight-sun"


class VideoTexts(schema._Record):
    title: schema.AllSix


class Clip(schema._Record):
    file: str = Field(pattern=r"^clips/[a-z0-9-]+\.(webm|mp4)$")
    poster: str


class TourTexts(schema._Record):
    slug: schema.Slug
    title: schema.SvEn
    heading: schema.SvEn
    summary: schema.SvEn
    intro: schema.SvEn
    drivers: list[schema.DriverSlug] = []


class PanoramaTexts(schema._Record):
    alt: schema.AllSix


class StoryMediaContent(schema._Record):
    """content/demo/stories/media.toml."""

    video: VideoTexts
    clips: list[Clip] = Field(min_length=1)
    tour: TourTexts
    panorama: PanoramaTexts


@lru_cache(maxsize=2)
def read_media(path):
    """media.toml, validated once per load rather than once per kommun."""
    return schema.read(path, StoryMediaContent)


def _timestamp(seconds):
    return f"00:{int(seconds):02d}.{round(seconds % 1 * 1000):03d}"


def _cue_text(text):
    """Text as a WebVTT cue's payload: & and < escaped, no blank line (which would end the cue)."""
    return " ".join(text.replace("&", "&amp;").replace("<", "&lt;").split())


def webvtt(lines, seconds=CLIP_SECONDS):
    """A WebVTT file showing `lines` one after the other, evenly over `seconds`."""
    step = seconds / len(lines)
    cues = [
        f"{number}\n{_timestamp(number * step)} --> {_timestamp((number + 1) * step)}\n{_cue_text(line)}"
        for number, line in enumerate(lines)
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


class StoryMedia:
    """One kommun's demo story videos and its virtual-tour story (`kommun_demo` is the loader's KommunDemo)."""

    def __init__(self, kommun_demo):
        self.demo = kommun_demo
        self.content = read_media(settings.DEMO_CONTENT_DIR / MEDIA_FILE)
        self.place = kommun_demo.config.name
        self.documents = {}

    def _document(self, title, name, data):
        """The kommun's document `title`, made from `data` (bytes) the first time."""
        if title not in self.documents:
            model = get_document_model()
            collection = self.demo.kommun.collection
            document = model.objects.filter(collection=collection, title=title).first()
            if document is None:
                document = model(title=title, collection=collection, file=ContentFile(data, name=name))
                document.save()
                self.demo.loader.created += 1
            self.documents[title] = document
        return self.documents[title]

    def video_block(self, number, story, code):
        """The body block of story `number` (a schema.Story) in language `code`: a clip, its poster and
        captions in each of the story's languages (its title, then its quotes)."""
        clip = self.content.clips[number % len(self.content.clips)]
        slug = self.demo.kommun.slug
        path = settings.DEMO_CONTENT_DIR / "stories" / clip.file
        video = self._document(
            f"{self.place}: {clip.file.rsplit('/', 1)[-1]} (demo clip)", path.name, path.read_bytes()
        )
        title = {lang: self.content.video.title[lang].format(person=story.person) for lang in story.title}
        captions = []
        for lang in story.title:
            lines = [title[lang]] + [f"{quote.by}: {quote.text[lang]}" for quote in story.quotes if lang in quote.text]
            document = self._document(
                f"{self.place}: {story.slug} captions ({lang})",
                f"{slug}-{story.slug}-{lang}.vtt",
                webvtt(lines).encode(),
            )
            captions.append({"language": lang, "file": document.pk})
        transcript = "\n".join(f"{quote.by}: {quote.text[code]}" for quote in story.quotes if code in quote.text)
        return {
            "type": "video",
            "value": {
                "title": title[code],
                "video": video.pk,
                "url": "",
                "poster": self.demo.images[clip.poster].pk,
                "captions": captions,
                "transcript": transcript,
            },
        }

    def _panorama(self):
        from .demo_panorama import draw_panorama

        title = f"{self.place}: 360° panorama (demo illustration)"
        collection = self.demo.kommun.collection
        image = CustomImage.objects.filter(collection=collection, title=title).first()
        if image is None:
            alt = {code: text.format(place=self.place) for code, text in self.content.panorama.alt.items()}
            image = CustomImage(
                title=title,
                collection=collection,
                description=alt["sv"],
                credit="Demo illustration drawn with Pillow",
                file=ContentFile(draw_panorama(self.demo.kommun.slug), name=f"{self.demo.kommun.slug}-panorama.jpg"),
            )
            image.save()
            ImageAltText.objects.bulk_create(
                ImageAltText(image=image, language_code=code, alt_text=text)
                for code, text in alt.items()
                if code != "sv"
            )
            self.demo.loader.created += len(alt)  # the image and its alt text rows
        return image

    def load_tour(self, index):
        """The kommun's tour story under the story index `index`: its neighbourhoods, the first a 360°
        panorama, the others photos, each with its description and position. {language code: page}."""
        from cms.base.demo.loader import paragraphs

        from .models import StoryPage

        tour, demo = self.content.tour, self.demo
        guide = demo.config.coordinator.name
        panorama = self._panorama()

        def fields(code):
            places = []
            for number, item in enumerate(demo.content.neighbourhoods):
                image = panorama if number == 0 else demo.images[TOUR_SCENES[number % len(TOUR_SCENES)]]
                places.append(
                    {
                        "image": image.pk,
                        "panorama": number == 0,
                        "caption": f"{item.name}. {item.description[code]}",
                        "credit": "",
                        "latitude": item.latitude,
                        "longitude": item.longitude,
                    }
                )
            heading = tour.heading[code].format(place=self.place)
            return {
                "title": tour.title[code].format(place=self.place),
                "summary": tour.summary[code].format(place=self.place, guide=guide),
                "body": [
                    {"type": "paragraph", "value": paragraphs(tour.intro[code].format(place=self.place, guide=guide))},
                    {"type": "virtual_tour", "value": {"heading": heading, "images": places}},
                ],
            }

        page = StoryPage(slug=tour.slug, person=guide, moved_from="", image=demo.images[HERO_SCENE], **fields("sv"))
        page.drivers = demo._drivers(tour.drivers)
        page, created = demo._create(index, page)
        return demo._finish(page, created, {code: fields(code) for code in tour.title if code != "sv"})
