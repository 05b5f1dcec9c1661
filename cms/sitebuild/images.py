"""Image renditions for the static sites: several widths, WebP with a JPEG fallback.

Renditions are cached by the source file's content hash, so an unchanged image is
never encoded twice, across builds and across kommuner. Wagtail's own renditions are
made for the admin and the API; these are made for `<picture>`/`srcset` on a static
host, with their sizes known in advance so nothing shifts while a page loads.
"""

import hashlib
import os
import shutil
from pathlib import Path

from PIL import Image, ImageOps

from cms.export import problems
from cms.export.files import DECODING_ERRORS
from cms.export.problems import LeftOut
from cms.theme.renditions import rendition_name, widths_for

from .errors import is_output_problem

FORMATS = (
    ("webp", "image/webp", {"quality": 72, "method": 4}),
    ("jpg", "image/jpeg", {"quality": 78, "optimize": True, "progressive": True}),
)
JPEG_OPTIONS = FORMATS[1][2]


def _save(picture, target, fmt, options):
    """Write `picture` as `target` in one rename, through a file of this process's own: the cache is shared by
    the build's workers, and two kommuner with the same photo encode it at the same time (a shared temporary
    name let one worker rename the other's half-written file away, and its kommun lost the image)."""
    temporary = target.with_name(f".{target.name}-{os.getpid()}")
    try:
        picture.save(temporary, format="WEBP" if fmt == "webp" else "JPEG", **options)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _encode(source, missing):
    """Encode every missing (target, width, format, options) of one source, decoding it once."""
    with Image.open(source) as original:
        original = ImageOps.exif_transpose(original).convert("RGB")
        resized = {}
        for target, width, fmt, options in missing:
            if width not in resized:
                height = round(original.height * width / original.width)
                resized[width] = (
                    original
                    if original.width <= width
                    else original.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
                )
            _save(resized[width], target, fmt, options)


#: The widest a 360° panorama is served to its viewer: the still picture keeps the page's widths (srcset), the
#: viewer, which shows a tenth of the panorama's width across a desktop screen at a time, gets this one.
PANORAMA_WIDTH = 4096


def panorama_rendition(image, cache_dir, site_dir, stats):
    """The one large JPEG of a panorama the tour's viewer loads when the visitor asks to look around; its URL."""
    width = min(image["width"], PANORAMA_WIDTH)
    name = rendition_name(image["hash"], width, "jpg")
    cached = Path(cache_dir) / name
    if cached.exists():
        stats["cached"] += 1
    else:
        _encode(image["path"], [(cached, width, "jpg", JPEG_OPTIONS)])
        stats["encoded"] += 1
    link_or_copy(cached, Path(site_dir) / "media" / "images" / name)
    return f"/media/images/{name}"


#: The hero's shapes (art direction): taller on a phone, wide on a desktop; (ratio width, height, widths).
HERO_SHAPES = {"tall": (4, 3, (480, 960)), "wide": (12, 5, (960, 1440))}


class _FocalPoint:
    """What Wagtail's FillOperation asks of an image: its focal point, from the export's plain data."""

    def __init__(self, rect):
        self.rect = rect

    def get_focal_point(self):
        from wagtail.images.rect import Rect

        if not self.rect:
            return None
        x, y, width, height = self.rect
        return Rect.from_point(x, y, width, height)


def crop_box(image, ratio, width):
    """The (left, top, right, bottom) box of `image` a `fill-…-c100` rendition of `ratio` and `width` keeps,
    and its output size: Wagtail's own focal-point crop, so the editor's focal point is in every crop."""
    from wagtail.images.image_operations import FillOperation, ImageTransform

    height = round(width * ratio[1] / ratio[0])
    transform = FillOperation("fill", f"{width}x{height}", "c100").run(
        ImageTransform((image["width"], image["height"])), _FocalPoint(image.get("focal_rect"))
    )
    left, top = -transform.offset[0], -transform.offset[1]
    right = left + transform.size[0] / transform.scale[0]
    bottom = top + transform.size[1] / transform.scale[1]
    return tuple(round(v) for v in (left, top, right, bottom)), transform.size


def crop_name(image, shape, width, ext):
    """A crop's file name: the source's hash, the shape and the focal point it was cut around."""
    key = hashlib.sha256(f"{image['hash']}:{image.get('focal_rect')}".encode()).hexdigest()[:20]
    return f"{key}-{shape}-{width}.{ext}"


def _encode_crops(source, jobs):
    """Encode every missing (target, box, size, format, options) crop of one source, decoding it once."""
    with Image.open(source) as original:
        original = ImageOps.exif_transpose(original).convert("RGB")
        for target, box, size, fmt, options in jobs:
            cropped = original.crop(box)
            if cropped.size != tuple(size):
                cropped = cropped.resize(tuple(size), Image.Resampling.LANCZOS, reducing_gap=3.0)
            _save(cropped, target, fmt, options)


def hero_crops(image, cache_dir, site_dir, stats):
    """The hero's shapes of one image, made (once per source and focal point) and linked into the site:
    {shape: {"webp": srcset, "jpeg": srcset, "largest": jpeg URL, "width", "height"}}."""
    crops, missing, names = {}, [], []
    for shape, (rw, rh, widths) in HERO_SHAPES.items():
        usable = [w for w in widths if w <= image["width"]] or [min(widths[0], image["width"])]
        entries = {ext: [] for ext, _mime, _options in FORMATS}
        size = None
        for width in usable:
            box, size = crop_box(image, (rw, rh), width)
            for ext, _mime, options in FORMATS:
                name = crop_name(image, shape, width, ext)
                names.append(name)
                entries[ext].append(f"/media/images/{name} {size[0]}w")
                if (Path(cache_dir) / name).exists():
                    stats["cached"] += 1
                else:
                    missing.append((Path(cache_dir) / name, box, size, ext, options))
        crops[shape] = {
            "webp": ", ".join(entries["webp"]),
            "jpeg": ", ".join(entries["jpg"]),
            "largest": entries["jpg"][-1].rsplit(" ", 1)[0],
            "width": size[0],
            "height": size[1],
        }
    if missing:
        _encode_crops(image["path"], missing)
        stats["encoded"] += len(missing)
    for name in names:
        link_or_copy(Path(cache_dir) / name, Path(site_dir) / "media" / "images" / name)
    return crops


def link_or_copy(source, target):
    """`source` hard-linked as `target` (copied where a link cannot be made); a `target` that exists is kept.

    The link is tried first and its folder made only when missing: a kommun's publish after an edit links its
    ~1,650 unchanged outputs, and asking first whether each folder and file exists doubled the system calls."""
    try:
        os.link(source, target)
    except FileExistsError:
        return
    except FileNotFoundError:
        if not os.path.exists(source):
            raise
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source, target)
    except OSError:
        shutil.copy2(source, target)


def left_out(image, exc):
    """An image Pillow cannot decode after all, as the export's `left_out` lists it (a full disk or an
    unwritable folder is raised as it is: no image is to blame)."""
    if is_output_problem(exc):
        raise exc
    return LeftOut(problems.IMAGE_FILE_UNREADABLE, image["admin_url"], image=image["title"]).as_data()


def renditions(images, cache_dir, site_dir, stats, left_out_images):
    """Make every rendition the site needs; return {image id: what a <picture> needs}.

    An image Pillow cannot decode after all has none (the templates then show no picture) and is added to
    `left_out_images` (its title and admin URL) instead."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    result = {}
    for image_id, image in sorted(images.items()):
        widths = widths_for(image["width"])
        sources, missing = {}, []
        for ext, mime, options in FORMATS:
            entries = []
            for width in widths:
                name = rendition_name(image["hash"], width, ext)
                cached = cache_dir / name
                if cached.exists():
                    stats["cached"] += 1
                else:
                    missing.append((cached, width, ext, options))
                entries.append((name, width))
            sources[ext] = {
                "mime": mime,
                "srcset": ", ".join(f"/media/images/{name} {w}w" for name, w in entries),
                "largest": f"/media/images/{entries[-1][0]}",
            }
        if missing:
            try:
                _encode(image["path"], missing)
            except DECODING_ERRORS as exc:
                left_out_images.append(left_out(image, exc))
                continue
            stats["encoded"] += len(missing)
        crops = None
        if image.get("hero"):
            try:
                crops = hero_crops(image, cache_dir, site_dir, stats)
            except DECODING_ERRORS as exc:
                left_out_images.append(left_out(image, exc))
                continue
        panorama = None
        if image.get("panorama"):
            try:
                panorama = panorama_rendition(image, cache_dir, site_dir, stats)
            except DECODING_ERRORS as exc:
                left_out_images.append(left_out(image, exc))
                continue
        for ext, _mime, _options in FORMATS:
            for width in widths:
                name = rendition_name(image["hash"], width, ext)
                link_or_copy(cache_dir / name, Path(site_dir) / "media" / "images" / name)
        largest = widths[-1]
        result[str(image_id)] = {
            "alt": image["alt"],
            "decorative": image["decorative"],
            "credit": image["credit"],
            "focal": image.get("focal"),
            "crops": crops,
            "panorama": panorama,
            "width": largest,
            "height": round(image["height"] * largest / image["width"]),
            "webp": sources["webp"],
            "jpeg": sources["jpg"],
        }
    return result


def copy_documents(documents, site_dir):
    for document in documents.values():
        link_or_copy(Path(document["path"]), Path(site_dir) / document["url"].lstrip("/"))
