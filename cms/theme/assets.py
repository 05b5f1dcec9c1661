"""The theme's static files under names that carry a hash of their content (`js/site.3f2a9c1b7d4e.js`).

A name that changes whenever the file does can be cached by browsers and proxies for a year
(`immutable`, see cms.base.nginx); the pages, which are revalidated, name the current files through
the templates' `asset_url`. The build writes the files under those names (`write_assets`).
"""

import hashlib
import json
import os
import shutil
from functools import lru_cache
from pathlib import Path

from django.conf import settings

STATIC_DIR = Path(settings.BASE_DIR) / "themes" / "norrbotten" / "static"
#: Third-party files the theme serves itself, installed by npm from the theme's package.json
#: (`npm ci --prefix themes/norrbotten`): {their path among the theme's static files: the installed file}.
NODE_MODULES = Path(settings.BASE_DIR) / "themes" / "norrbotten" / "node_modules"
VENDOR = {
    "vendor/pannellum.js": "pannellum/build/pannellum.js",
    "vendor/pannellum.css": "pannellum/build/pannellum.css",
}
#: Where a site's theme files are served from, as Pelican's THEME_STATIC_DIR puts them.
URL_PREFIX = "/theme/"
#: Hex digits of the content's SHA-256 in a name: enough that two versions never share one.
HASH_LENGTH = 12
#: The hashed names a release wrote, in its theme folder, for the next release to keep.
MANIFEST = "assets.json"


def source_of(path):
    """The file on disk that the theme's static file `path` is: its own, or one npm installed (VENDOR)."""
    return NODE_MODULES / VENDOR[path] if path in VENDOR else STATIC_DIR / path


def static_files():
    """Every static file of the theme, its own and the vendored ones, as paths relative to its static folder."""
    own = [source.relative_to(STATIC_DIR).as_posix() for source in sorted(STATIC_DIR.rglob("*")) if source.is_file()]
    return own + list(VENDOR)


@lru_cache(maxsize=64)
def _fingerprinted(path, modified_ns, size):
    """The hashed name of `path` (relative to the theme's static folder) as it is on disk now."""
    digest = hashlib.sha256(source_of(path).read_bytes()).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{path}.{digest}"


def fingerprinted(path):
    """`path` (`js/site.js`) under its hashed name (`js/site.3f2a9c1b7d4e.js`); a clear error when the
    theme has no such file. Keyed on the file's modification time, so a long-running preview server
    follows edits to the theme."""
    source = source_of(path)
    try:
        stat = source.stat()
    except FileNotFoundError:
        if path in VENDOR:
            raise FileNotFoundError(
                f"The theme's {path!r} is installed by npm and is missing (looked for {source}): "
                "run `npm ci --prefix themes/norrbotten`."
            ) from None
        raise FileNotFoundError(f"The theme has no static file {path!r} (looked for {source}).") from None
    return _fingerprinted(path, stat.st_mtime_ns, stat.st_size)


def asset_url(path):
    """The address pages use for the theme's static file `path` (a Jinja global)."""
    return URL_PREFIX + fingerprinted(path)


def written_asset_url(names):
    """`asset_url` for pages of a build that wrote the theme's files as `names` ({path: hashed name}, from
    `write_assets`): those names without a look at the file per page. A theme file cannot change the pages
    of a build that has already copied it."""

    def asset_url_written(path):
        name = names.get(path)
        return URL_PREFIX + name if name is not None else asset_url(path)

    return asset_url_written


def write_assets(theme_output, previous=None):
    """Every static file of the theme under its hashed name in `theme_output` (a site's `theme/` folder);
    returns {path: hashed name}.

    The previous release's files (`previous`, its `theme/` folder) stay one release longer: a page a
    browser or proxy kept from before the publish (pages are cached for minutes) still finds the
    scripts it names. Only this release's own names go in its manifest, so they go the release after."""
    theme_output = Path(theme_output)
    current = static_files()
    names = [fingerprinted(path) for path in current]
    for path, name in zip(current, names, strict=True):
        target = theme_output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source_of(path), target)  # a copy: a theme file edited in place must not change a release
    if previous is not None and (Path(previous) / MANIFEST).is_file():
        for name in json.loads((Path(previous) / MANIFEST).read_text(encoding="utf-8")):
            source, target = Path(previous) / name, theme_output / name
            if source.is_file() and not target.exists():
                try:
                    os.link(source, target)  # a published file is never changed
                except OSError:
                    shutil.copyfile(source, target)
    (theme_output / MANIFEST).write_text(json.dumps(sorted(names)), encoding="utf-8")
    return dict(zip(current, names, strict=True))
