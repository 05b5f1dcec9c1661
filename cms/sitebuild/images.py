"""Image renditions for the static sites: several widths, WebP with a JPEG fallback.

Renditions are cached by the source file's content hash, so an unchanged image is
never encoded twice, across builds and across kommuner. Wagtail's own renditions are
made for the admin and the API; these are made for `<picture>`/`srcset` on a static
host, with their sizes known in advance so nothing shifts while a page loads.
"""

import os
import shutil
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from wagtail.utils.file import hash_filelike

from cms.export.problems import ContentProblem
from cms.theme.renditions import rendition_name, widths_for

from .errors import is_output_problem

FORMATS = (
    ("webp", "image/webp", {"quality": 72, "method": 4}),
    ("jpg", "image/jpeg", {"quality": 78, "optimize": True, "progressive": True}),
)


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
            tmp = target.with_suffix(target.suffix + ".tmp")
            resized[width].save(tmp, format="WEBP" if fmt == "webp" else "JPEG", **options)
            os.replace(tmp, target)


def link_or_copy(source, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def file_problem(image):
    """What is wrong with an image's file on disk, said for an editor, or None.

    Renditions are cached under the hash the CMS stored at upload, so a file replaced on disk
    behind the CMS's back would quietly keep its old renditions on the site: its hash is
    compared with the stored one. A file that is missing or is no image is named too, rather
    than ending the kommun's build in a traceback."""
    try:
        with open(image["path"], "rb") as handle:
            if hash_filelike(handle) != image["hash"]:
                return "changed on disk since it was uploaded (its content no longer matches the hash the CMS stored)"
            handle.seek(0)
            with Image.open(handle) as opened:
                opened.verify()
    except FileNotFoundError:
        return f"is missing on disk ({image['path']})"
    except DECODING_ERRORS as exc:
        return unreadable(exc)
    return None


#: What Pillow raises for a file it cannot decode (OSError also for a truncated one).
DECODING_ERRORS = (UnidentifiedImageError, SyntaxError, ValueError, Image.DecompressionBombError, OSError)


def unreadable(exc):
    """The problem an image's decoding error means; a full disk or an unwritable folder is raised as it is."""
    if is_output_problem(exc):
        raise exc
    return f"cannot be read as an image ({exc}); upload the picture again"


def file_problems(images):
    """A sentence for each image whose file cannot be used, with its title and admin URL."""
    found = ((image, file_problem(image)) for _id, image in sorted(images.items()))
    return [
        str(ContentProblem(f'The image "{image["title"]}"', "file", problem, image["admin_url"]))
        for image, problem in found
        if problem
    ]


def renditions(images, cache_dir, site_dir, stats, problems):
    """Make every rendition the site needs; return {image id: what a <picture> needs}.

    An image Pillow cannot decode after all is added to `problems` (its title and admin URL) instead."""
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
                problems.append(
                    str(ContentProblem(f'The image "{image["title"]}"', "file", unreadable(exc), image["admin_url"]))
                )
                continue
            stats["encoded"] += len(missing)
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
            "width": largest,
            "height": round(image["height"] * largest / image["width"]),
            "webp": sources["webp"],
            "jpeg": sources["jpg"],
        }
    return result


def copy_documents(documents, site_dir):
    for document in documents.values():
        link_or_copy(Path(document["path"]), Path(site_dir) / document["url"].lstrip("/"))
