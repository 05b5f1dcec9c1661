"""A housing feed's photos: read with the feed, checked before anything is written, stored once.

A record's `images` names its photos: URLs, or files beside the feed (a path relative to the
feed's own folder). Every photo is read and decoded while the feed is validated, so a broken one
rejects its record (naming the photo) and changes nothing. Photos are stored in the kommun's image
collection under the hash Wagtail gives an upload (`file_hash`): the same bytes are never stored
twice, whether the same home lists them again tomorrow, two homes share a photo, or two feeds do.
Their alt text says what they are in Swedish and English (the build refuses an image without).
"""

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..report import FeedError
from ..sources import fetch, is_url, public_name

#: At most this many photos per home: a gallery, not the landlord's archive.
MAX_PHOTOS = 12
#: Larger files are refused (Wagtail's own upload limit is 10 MB by default).
MAX_BYTES = 10 * 1024 * 1024
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class Photo:
    """One photo read from a feed: its bytes, their hash (as Wagtail's `file_hash`) and a file name."""

    content: bytes
    file_hash: str
    name: str


def locations(raw):
    """The photo locations a record's `images` value names: a JSON list, or text separated by spaces or `|`."""
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else str(raw).replace("|", " ").split()
    return [str(item).strip() for item in items if str(item).strip()]


class FeedPhotos:
    """Reads the photos of one feed's records, each location once per run."""

    def __init__(self, feed_location):
        self.base = None if is_url(feed_location) else Path(feed_location).parent
        self.read = {}  # location -> Photo

    def photos(self, raw):
        """The Photos a record's `images` value names; ValueError with the reason when one cannot be used."""
        found = locations(raw)
        if len(found) > MAX_PHOTOS:
            raise ValueError(f"{len(found)} photos, more than the {MAX_PHOTOS} a home may show")
        return [self._photo(location) for location in found]

    def _photo(self, location):
        if location not in self.read:
            self.read[location] = self._load(location)
        return self.read[location]

    def _load(self, location):
        name = public_name(location)
        if not is_url(location):
            path = Path(location)
            if self.base is None and not path.is_absolute():
                raise ValueError(f"{name} is a file name, but the feed is read from a URL: give the photo's URL")
            location = str(path if path.is_absolute() else self.base / path)
        try:
            content = fetch(location)
        except FeedError as exc:
            raise ValueError(f"the photo {name} could not be read") from exc
        if len(content) > MAX_BYTES:
            raise ValueError(f"the photo {name} is larger than {MAX_BYTES // (1024 * 1024)} MB")
        try:
            with Image.open(io.BytesIO(content)) as image:
                kind = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            raise ValueError(f"the photo {name} is not a picture that can be read ({exc})") from exc
        if kind not in FORMATS:
            raise ValueError(f"the photo {name} is a {kind} image; use JPEG, PNG or WebP")
        # Wagtail's hash_filelike is SHA-1 of the bytes: the same hash an upload in the admin gets.
        file_hash = hashlib.sha1(content).hexdigest()
        return Photo(content, file_hash, f"feed-{file_hash[:16]}.{FORMATS[kind]}")


def stored_images(kommun, photos, address, credit):
    """The CustomImage of each photo in the kommun's collection: an existing one with the same bytes, else new."""
    from django.core.files.images import ImageFile

    from cms.base.models import CustomImage, ImageAltText

    result = []
    for number, photo in enumerate(photos, 1):
        image = CustomImage.objects.filter(collection=kommun.collection, file_hash=photo.file_hash).first()
        if image is None:
            image = CustomImage(
                title=f"{address}: photo {number} (housing feed)",
                collection=kommun.collection,
                description=f"Foto från bostadsannonsen: {address}",
                credit=credit,
                file_hash=photo.file_hash,
                file_size=len(photo.content),
                file=ImageFile(io.BytesIO(photo.content), name=photo.name),
            )
            image.save()
            ImageAltText.objects.create(
                image=image, language_code="en", alt_text=f"Photo from the housing ad: {address}"
            )
        result.append(image)
    return result
