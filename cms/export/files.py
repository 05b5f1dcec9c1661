"""Whether an image's or document's file on disk can be published, checked as the export gathers it.

A file missing, corrupt or replaced behind the CMS's back leaves its object out of the site (and
is reported), rather than ending the kommun's build: the rest of the kommun still publishes.
"""

from PIL import Image, UnidentifiedImageError
from wagtail.utils.file import hash_filelike

from . import problems

#: What Pillow raises for a file it cannot decode (OSError also for a truncated one).
DECODING_ERRORS = (UnidentifiedImageError, SyntaxError, ValueError, Image.DecompressionBombError, OSError)


def file_problem(path, stored_hash=None, image=False):
    """The `cms.export.problems` sentence of what is wrong with the file at `path`, or None.

    Renditions are cached under the hash the CMS stored at upload, so an image replaced on disk
    would quietly keep its old renditions on the site: its hash is compared with the stored one
    (when there is one). An image must also be one Pillow can read."""
    try:
        with open(path, "rb") as handle:
            if not image:
                return None
            if stored_hash and hash_filelike(handle) != stored_hash:
                return problems.IMAGE_FILE_CHANGED
            handle.seek(0)
            try:
                with Image.open(handle) as opened:
                    opened.verify()
            except DECODING_ERRORS:
                return problems.IMAGE_FILE_UNREADABLE
    except FileNotFoundError:
        return problems.IMAGE_FILE_MISSING if image else problems.DOCUMENT_FILE_MISSING
    return None
