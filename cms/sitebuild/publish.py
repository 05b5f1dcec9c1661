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

    def restamp(self, release, manifest):
        """Give `release` the `manifest` file of a release with the same sites, whose stamps are newer, in one
        atomic rename: the manifest is the build's record of what each site was made from, no page reads it."""
        temporary = Path(release) / f".{MANIFEST}-{os.getpid()}"
        shutil.copyfile(manifest, temporary)
        os.replace(temporary, Path(release) / MANIFEST)

    def history(self):
        return (
            sorted(p for p in self.releases.iterdir() if p.is_dir() and not p.name.endswith(".partial"))
            if self.releases.is_dir()
            else []
        )

    def prune(self, keep=KEEP_RELEASES):
        """Remove all but the last `keep` releases (and the live one), and any left half-written.

        A release links the sites it did not rebuild to the release that holds their files
        (`link_site`), so a release some kept one links to stays too."""
        live = self.live()
        kept = {*self.history()[-keep:], *([live] if live else [])}
        kept |= {linked for release in kept for linked in self.linked_releases(release)}
        for folder in self.history():
            if folder not in kept:
                shutil.rmtree(folder)
        for partial in self.releases.glob("*.partial"):
            shutil.rmtree(partial, ignore_errors=True)

    def linked_releases(self, release):
        """The releases whose site folders `release` links to instead of holding them."""
        return {
            Path(entry.path).resolve().parent for entry in os.scandir(release) if entry.is_symlink() and entry.is_dir()
        }

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


def link_site(source, target):
    """A site folder of an earlier release, linked whole into a new one: one symbolic link, no file copied.

    The link points at the folder that really holds the files (the source may itself be such a
    link), relative to the new release, so it holds when `.partial` is renamed away and wherever
    the output folder is mounted."""
    real = Path(source).resolve()
    os.symlink(os.path.relpath(real, Path(target).parent), target, target_is_directory=True)


def remove(path):
    """Remove a site folder of a release, whether it holds its files or links to another release's."""
    path = Path(path)
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)
