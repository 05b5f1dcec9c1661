"""Image renditions for the static sites: several widths, WebP with a JPEG fallback.

Renditions are cached by the source file's content hash, so an unchanged image is
never encoded twice, across builds and across kommuner. Wagtail's own renditions are
made for the admin and the API; these are made for `<picture>`/`srcset` on a static
host, with their sizes known in advance so nothing shifts while a page loads.
"""
import os
import shutil
from pathlib import Path

from PIL import Image, ImageOps

WIDTHS = (480, 960, 1440)
FORMATS = (("webp", "image/webp", {"quality": 72, "method": 4}),
           ("jpg", "image/jpeg", {"quality": 78, "optimize": True, "progressive": True}))


def _encode(source, target, width, fmt, options):
    with Image.open(source) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        if image.width > width:
            height = round(image.height * width / image.width)
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        tmp = target.with_suffix(target.suffix + ".tmp")
        image.save(tmp, format="WEBP" if fmt == "webp" else "JPEG", **options)
        os.replace(tmp, target)


def link_or_copy(source, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def renditions(images, cache_dir, site_dir, stats):
    """Make every rendition the site needs; return {image id: what a <picture> needs}."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    result = {}
    for image_id, image in sorted(images.items()):
        widths = [w for w in WIDTHS if w < image["width"]] + [min(image["width"], WIDTHS[-1])]
        widths = sorted(set(widths))
        sources = {}
        for ext, mime, options in FORMATS:
            entries = []
            for width in widths:
                name = f"{image['hash'][:20]}-{width}.{ext}"
                cached = cache_dir / name
                if not cached.exists():
                    _encode(image["path"], cached, width, ext, options)
                    stats["encoded"] += 1
                else:
                    stats["cached"] += 1
                link_or_copy(cached, Path(site_dir) / "media" / "images" / name)
                entries.append((f"/media/images/{name}", width))
            sources[ext] = {"mime": mime, "srcset": ", ".join(f"{url} {w}w" for url, w in entries),
                            "largest": entries[-1][0]}
        largest = widths[-1]
        result[str(image_id)] = {
            "alt": image["alt"], "decorative": image["decorative"], "credit": image["credit"],
            "width": largest, "height": round(image["height"] * largest / image["width"]),
            "webp": sources["webp"], "jpeg": sources["jpg"],
        }
    return result


def copy_documents(documents, site_dir):
    for document in documents.values():
        link_or_copy(Path(document["path"]), Path(site_dir) / document["url"].lstrip("/"))
