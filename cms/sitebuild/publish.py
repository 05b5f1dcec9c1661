"""Releases and the live tree: build into a new folder, then switch `public/` atomically.

`public` is a symbolic link to one release folder; switching it is a rename of a new
link over the old one, which is atomic on POSIX file systems, so a visitor never
sees a half-published site. The last releases are kept for `--rollback`.
"""

import fcntl
import json
import os
import shutil
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .errors import PublishError

KEEP_RELEASES = 5
MANIFEST = "manifest.json"


class Releases:
    """The release folders under `root/releases/` and the `root/public` link to the live one."""

    def __init__(self, root):
        self.root = Path(root)
        self.releases = self.root / "releases"
        self.public = self.root / "public"

    def live(self):
        """The live release folder, or None before the first publish."""
        if self.public.is_symlink():
            return self.public.resolve()
        if self.public.exists():
            raise PublishError(
                f"{self.public} exists but is not a link to a release; move it away so the build can manage it."
            )
        return None

    def manifest(self, release):
        path = Path(release) / MANIFEST if release else None
        return json.loads(path.read_text(encoding="utf-8")) if path and path.is_file() else {}

    def new_folder(self):
        self.releases.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        folder = self.releases / f"{stamp}.partial"
        folder.mkdir()
        return folder

    def finish(self, partial):
        final = partial.with_name(partial.name.removesuffix(".partial"))
        partial.rename(final)
        return final

    def switch(self, release):
        """Point `public` at `release` in one atomic rename."""
        temporary = self.root / f".public-{os.getpid()}"
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        temporary.symlink_to(Path(release).relative_to(self.root))
        os.replace(temporary, self.public)

    def history(self):
        return (
            sorted(p for p in self.releases.iterdir() if p.is_dir() and not p.name.endswith(".partial"))
            if self.releases.is_dir()
            else []
        )

    def prune(self, keep=KEEP_RELEASES):
        live = self.live()
        for folder in self.history()[:-keep]:
            if folder != live:
                shutil.rmtree(folder)
        for partial in self.releases.glob("*.partial"):
            shutil.rmtree(partial, ignore_errors=True)

    def rollback(self):
        """Make the release before the live one live again; return it."""
        live = self.live()
        earlier = [release for release in self.history() if live is None or release < live]
        if not earlier:
            raise PublishError("There is no earlier release to roll back to.")
        self.switch(earlier[-1])
        return earlier[-1]


@contextmanager
def build_lock(root):
    """Only one build at a time: a second one stops at once with a clear message."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise PublishError(
                "Another build is running (it holds .build.lock); this one stops without changes."
            ) from exc
        handle.write(str(os.getpid()))
        handle.flush()
        yield


def copy_tree(source, target):
    """Hard-link a whole site folder from a previous release (no bytes copied).

    By hand rather than shutil.copytree: a site is mostly folders (one per page), and
    copytree's per-folder stat copying doubled the time of a one-page-edit publish.
    """
    source, target = os.fspath(source), os.fspath(target)
    for folder, _dirs, files in os.walk(source):
        relative = os.path.relpath(folder, source)
        destination = target if relative == "." else os.path.join(target, relative)
        os.makedirs(destination, exist_ok=True)
        for name in files:
            os.link(os.path.join(folder, name), os.path.join(destination, name))
