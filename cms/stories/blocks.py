"""The blocks that carry moving pictures and places: a video (uploaded with its captions, or on YouTube or
Vimeo behind a click) and a virtual tour (places, each a photo or a 360° panorama, with a caption and a
position). Stories use them most; topic pages share them through the common body (cms.base.blocks)."""

import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms import languages
from cms.base.chooser_widgets import DocumentChooserBlock, ImageChooserBlock
from cms.export.blocks import list_item

VIDEO_EXTENSIONS = ("mp4", "webm")
VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
#: A WebVTT file starts with this signature, then a space, a tab or a line end (W3C WebVTT, 4.1).
WEBVTT_SIGNATURE = re.compile(rb"\A(\xef\xbb\xbf)?WEBVTT([ \t\r\n]|\Z)")
_YOUTUBE_ID = re.compile(r"\A[A-Za-z0-9_-]{11}\Z")


def external_video(url):
    """{provider, id, embed_url, watch_url} of a YouTube or Vimeo address, or None for any other address.

    The embed address is YouTube's privacy-enhanced one (youtube-nocookie.com), which sets no cookie until
    the video plays; either provider's player is only ever loaded when the visitor asks for it."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/")
    video_id = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        if path == "watch":
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        elif path.split("/")[0] in ("embed", "shorts", "live") and "/" in path:
            video_id = path.split("/")[1]
    elif host == "youtu.be":
        video_id = path.split("/")[0]
    if video_id and _YOUTUBE_ID.match(video_id):
        return {
            "provider": "YouTube",
            "id": video_id,
            "embed_url": f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1",
            "watch_url": f"https://www.youtube.com/watch?v={video_id}",
        }
    if host in ("vimeo.com", "player.vimeo.com"):
        number = path.split("/")[-1]
        if number.isdigit():
            return {
                "provider": "Vimeo",
                "id": number,
                "embed_url": f"https://player.vimeo.com/video/{number}?autoplay=1&dnt=1",
                "watch_url": f"https://vimeo.com/{number}",
            }
    return None


def _extension(document):
    return document.file.name.rsplit(".", 1)[-1].lower() if "." in document.file.name else ""


def is_webvtt(document):
    """Whether the document's file is WebVTT: named .vtt and starting with WebVTT's signature."""
    if _extension(document) != "vtt":
        return False
    try:
        with document.file.open("rb") as file:
            head = file.read(16)
    except OSError:
        return False
    return bool(WEBVTT_SIGNATURE.match(head))


class CaptionsBlock(blocks.StructBlock):
    """One language's captions of an uploaded video: a WebVTT file (WCAG 1.2.2 asks for captions)."""

    language = blocks.ChoiceBlock(choices=languages.django_languages)
    file = DocumentChooserBlock(help_text=_("A WebVTT (.vtt) file with the captions in this language."))

    class Meta:
        icon = "doc-full"

    def clean(self, value):
        result = super().clean(value)
        document = result.get("file")
        if document is not None and not is_webvtt(document):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "file": ValidationError(
                        _("“%(title)s” is not a WebVTT file: captions are a .vtt file that starts with “WEBVTT”.")
                        % {"title": document.title}
                    )
                }
            )
        return result


class VideoBlock(blocks.StructBlock):
    """A video: a file served by the microsite itself, with a poster and captions per language, or a YouTube
    or Vimeo video that the page loads only when the visitor clicks (nothing goes to them before)."""

    title = blocks.CharBlock(max_length=255)
    video = DocumentChooserBlock(required=False, help_text=_("An MP4 or WebM file."))
    url = blocks.URLBlock(required=False, help_text=_("Or the address of the video on YouTube or Vimeo."))
    poster = ImageChooserBlock(
        required=False, help_text=_("The picture shown before the video plays (required with a video file).")
    )
    captions = blocks.ListBlock(
        CaptionsBlock(),
        default=[],
        help_text=_("Captions of a video file: one WebVTT file per language, at least in the page's language."),
    )
    transcript = blocks.TextBlock(required=False, help_text=_("Needed for accessibility when the video has speech."))

    class Meta:
        icon = "media"

    def clean(self, value):
        result = super().clean(value)
        errors = {}
        video, url = result.get("video"), result.get("url")
        if not video and not url:
            errors["video"] = ValidationError(_("Choose a video file or give a link."))
        elif video and url:
            errors["url"] = ValidationError(_("Choose a video file or give a link, not both."))
        elif video:
            if _extension(video) not in VIDEO_EXTENSIONS:
                errors["video"] = ValidationError(
                    _("“%(title)s” is not a video: choose an MP4 or WebM file.") % {"title": video.title}
                )
            if not result.get("poster"):
                errors["poster"] = ValidationError(_("Choose the picture shown before the video plays."))
            if not result.get("captions"):
                errors["captions"] = ValidationError(_("Add captions: a video file needs a WebVTT file."))
        elif external_video(url) is None:
            errors["url"] = ValidationError(_("Give the address of a video on YouTube or Vimeo."))
        spoken = [item.get("language") for item in result.get("captions") or []]
        if "captions" not in errors and len(spoken) != len(set(spoken)):
            errors["captions"] = ValidationError(_("Give each language's captions once."))
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return result

    def export(self, value, context):
        """The file, its poster and its caption tracks copied to the site, or the external player's addresses."""
        video = value.get("video")
        captions = []
        for item in map(list_item, value.get("captions") or []):
            document = context.document(item.get("file"))
            if document:
                code = item.get("language")
                name = languages.REGISTRY[code].name if code in languages.REGISTRY else code
                captions.append({"language": code, "label": name, "url": document["url"]})
        file = context.document(video)
        return {
            "title": value.get("title", ""),
            "url": value.get("url") or "",
            "external": external_video(value.get("url")) if not video else None,
            "file": file,
            "type": VIDEO_TYPES.get(file["url"].rsplit(".", 1)[-1].lower(), "") if file else "",
            "captions": captions,
            "transcript": value.get("transcript", ""),
            "poster": context.image(value.get("poster"), "video poster"),
        }


class TourPlaceBlock(blocks.StructBlock):
    """One place of a virtual tour: a photo or an equirectangular 360° panorama, a caption and a position."""

    image = ImageChooserBlock()
    panorama = blocks.BooleanBlock(
        required=False,
        help_text=_("The image is an equirectangular 360° panorama (twice as wide as it is high)."),
    )
    caption = blocks.CharBlock(required=False, max_length=255)
    credit = blocks.CharBlock(required=False, max_length=255, help_text=_("Overrides the image's own credit."))
    latitude = blocks.FloatBlock(required=False, min_value=-90, max_value=90)
    longitude = blocks.FloatBlock(required=False, min_value=-180, max_value=180)

    class Meta:
        icon = "site"

    def clean(self, value):
        result = super().clean(value)
        errors = {}
        if (result.get("latitude") is None) != (result.get("longitude") is None):
            errors["longitude" if result.get("longitude") is None else "latitude"] = ValidationError(
                _("Give both the latitude and the longitude of the place, or neither.")
            )
        image = result.get("image")
        if result.get("panorama") and image is not None and abs(image.width - 2 * image.height) > image.height // 50:
            errors["panorama"] = ValidationError(
                _("“%(title)s” is %(width)d × %(height)d: a 360° panorama is twice as wide as it is high.")
                % {"title": image.title, "width": image.width, "height": image.height}
            )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return result

    def export(self, value, context):
        """The place's picture (gathered once per site), whether it is a panorama, its caption and position."""
        latitude, longitude = value.get("latitude"), value.get("longitude")
        return {
            "image": (context.panorama_image if value.get("panorama") else context.image)(
                value.get("image"), "tour place"
            ),
            "panorama": bool(value.get("panorama")),
            "caption": value.get("caption", ""),
            "credit": value.get("credit", ""),
            "position": [round(latitude, 5), round(longitude, 5)]
            if latitude is not None and longitude is not None
            else None,
        }


class VirtualTourBlock(blocks.StructBlock):
    """A virtual tour: places in the order a visitor walks through them (photos or 360° panoramas)."""

    heading = blocks.CharBlock(max_length=120)
    # Named `images` since the tour began as a gallery of images; stored tours keep their places.
    images = blocks.ListBlock(TourPlaceBlock(), min_num=2, label=_("Places"))

    class Meta:
        icon = "image"

    def export(self, value, context):
        place = self.child_blocks["images"].child_block
        places = [place.export(list_item(item), context) for item in value.get("images") or []]
        return {"heading": value.get("heading", ""), "places": places}
