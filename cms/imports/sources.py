"""Reading a feed's bytes from a file or a URL, and naming it without leaking what its URL carries."""

import urllib.parse
import urllib.request
from pathlib import Path

from .report import FeedError

TIMEOUT_SECONDS = 60


def is_url(location):
    """Whether a source is read over HTTP(S) rather than from a file."""
    return str(location).startswith(("http://", "https://"))


def public_name(location):
    """What messages and the admin report call a source: a file's name, or a URL without its query.

    A URL's query string or user part may hold a key; the report is read by editors, so
    it never shows them."""
    if is_url(location):
        parts = urllib.parse.urlsplit(str(location))
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))
    return Path(location).name


def fetch(location):
    """The bytes of a file or of a URL's response; a FeedError naming the source when it cannot be read."""
    try:
        if is_url(location):
            request = urllib.request.Request(str(location), headers={"User-Agent": "norrbotten-move-imports"})
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return response.read()
        return Path(location).read_bytes()
    except (OSError, ValueError) as exc:
        raise FeedError(
            f"Could not read {public_name(location)}: {getattr(exc, 'strerror', None) or exc}; nothing was changed."
        ) from exc
