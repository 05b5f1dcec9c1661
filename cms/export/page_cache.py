"""Each page's exported data kept between builds, so the build after one edit exports only that page;
the listings' with it.

Exporting a kommun of 1,500 pages is mostly loading every page's own row (its StreamFields) and
exporting its blocks; after an editor publishes one page, all but that page would be exported
exactly as before. A page's `export_data` depends on its own rows and on what the rest of the
site is (other pages' URLs, documents, drivers, the region's shared content, the site's
configuration). So an entry is kept under the page's own declared columns (`row`, among them
`last_published_at`, which every publish moves) and is used only while the `context` is the one
it was made in: a digest, given by the build, of everything the export reads except the pages'
own text (cms.sitebuild.stamp.context_stamp). A page moved, added or unpublished, an image's
alt text or a document changed, the site's configuration: the context moves, and every page
is exported again.

The listings (housing, activities, jobs) read nothing of the pages' own columns: the context alone is
what they are made from, so while it stands each language's list of each kind is kept whole, as it was
exported and marked (cms.translations.notice: a listing's notice follows its rows, in the context too),
and neither its rows nor their translations are read again.

What an export does besides returning data (gathering an image or a document, marking a hero
image, reporting a missing image) is recorded as the calls that did it, and replayed in the
same order when the entry is used: the export is the one a full export gives, byte for byte
(tests/test_incremental_publish.py).

The file is the build's own (under the output folder's `.cache/`); an unreadable one, or one
of another context, is an empty cache: the export is then a full one.
"""

import os
import pickle
from pathlib import Path

#: The columns of a page's `Page` row that only its own export reads (its title, its publishing time);
#: the others (its URL, its place in the trees, which version a language shows) other pages' exports read
#: too, so they are part of the context (cms.sitebuild.stamp.context_stamp).
OWN_COLUMNS = ("title", "seo_title", "search_description", "last_published_at")


class PageCache:
    """The pages' exported data of one kommun's last export, and what this export adds to it."""

    def __init__(self, path, context):
        self.path = Path(path)
        self.context = context
        kept = _read(self.path, context)
        self.kept = kept.get("pages", {})
        self.kept_listings = kept.get("listings", {})
        self.made = {}  # page id -> {"row": ..., "data": {language: (data, calls)}}, as saved next
        self.made_listings = {}  # (listing key, language) -> (entries, calls), as saved next
        self.exported = 0  # (page, language) pairs exported now
        self.reused = 0  # (page, language) pairs taken from the cache

    def fresh(self, page_id, row):
        """Whether the page's kept entry was made from this same row."""
        kept = self.kept.get(page_id)
        return kept is not None and kept["row"] == row

    def get(self, page_id, row, language):
        """(data, calls) kept for the page in `language`, or None."""
        kept = self.kept.get(page_id)
        if kept is None or kept["row"] != row or language not in kept["data"]:
            return None
        self.reused += 1
        self.put(page_id, row, language, *kept["data"][language], counted=False)
        return kept["data"][language]

    def put(self, page_id, row, language, data, calls, counted=True):
        """Keep a page's data in `language` (and the calls its export made) for the next build."""
        self.exported += counted
        entry = self.made.setdefault(page_id, {"row": row, "data": {}})
        entry["data"][language] = (data, calls)

    def listings(self, key, language):
        """(entries, calls) kept for the listings of `key` in `language`, or None."""
        kept = self.kept_listings.get((key, language))
        if kept is not None:
            self.made_listings[key, language] = kept
        return kept

    def put_listings(self, key, language, entries, calls):
        """Keep a language's listings of one kind (their entries, marked later in place, and the calls made)."""
        self.made_listings[key, language] = (entries, calls)

    def named(self, call):
        """The first argument of every `call` ("image", "document") the kept exports made: the rows replaying them reads."""
        found = set()
        kept = [calls for entry in self.kept.values() for _data, calls in entry["data"].values()]
        kept += [calls for _entries, calls in self.kept_listings.values()]
        for calls in kept:
            found.update(args[0] for name, args in calls if name == call)
        return found

    def save(self):
        """Write what this export used, replacing the file in one rename; a folder that cannot be
        written leaves the next build a full export, nothing worse."""
        temporary = self.path.with_name(f".{self.path.name}-{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as handle:
                kept = {"context": self.context, "pages": self.made, "listings": self.made_listings}
                pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)


def page_row(page):
    """A page's `OWN_COLUMNS`: its kept export is fresh while they are as they were (a publish moves
    `last_published_at`)."""
    return tuple(getattr(page, name) for name in OWN_COLUMNS)


def _read(path, context):
    try:
        with open(path, "rb") as handle:
            kept = pickle.load(handle)  # noqa: S301 - the build's own file, in its own output folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return {}
    return kept if isinstance(kept, dict) and kept.get("context") == context else {}
