"""How the theme names and sizes image renditions.

The build writes the renditions; the search service's result cards point at them. Both
read the names from here, so a card never points at a file the build did not write.
"""

WIDTHS = (480, 960, 1440)


def widths_for(image_width):
    """The rendition widths of an image: every standard width below its own, and its own (capped)."""
    return sorted({w for w in WIDTHS if w < image_width} | {min(image_width, WIDTHS[-1])})


def rendition_name(file_hash, width, ext):
    return f"{file_hash[:20]}-{width}.{ext}"


def card_image(file_hash, width, height, alt):
    """The smallest rendition of an image, as a search result card shows it."""
    small = widths_for(width)[0]
    return {
        "webp": f"/media/images/{rendition_name(file_hash, small, 'webp')}",
        "jpeg": f"/media/images/{rendition_name(file_hash, small, 'jpg')}",
        "width": small,
        "height": round(height * small / width),
        "alt": alt,
    }
