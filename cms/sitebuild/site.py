"""One kommun's site, built by named stages: gather, check the content, render, check what was rendered.

`build_kommun` runs in a worker process (both cores are used) and answers with a
`KommunResult`: a failed kommun says why in sentences naming the page or record, and the
release keeps its previous live site (cms.sitebuild.pipeline). Rendering is Pelican's: the
theme through its template loader (with a kommun's own templates first, when
`sites/<slug>/templates/` exists), its writer, and two plugins on its signals: the
microsite generator (cms.sitebuild.render) and the writer that writes each page fast and hands
it to the checks as it is written (cms.sitebuild.writer, for cms.sitebuild.checks).
"""

import contextlib
import hashlib
import io
import logging
import os
import pickle
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings

from cms.theme import THEME_DIR, autoescape, i18n

from . import checks, images
from .publish import link_site
from .report import KommunResult
from .themes import theme_overrides


def build_kommun(slug, release_dir, previous_root, previous_manifest, theme, cache_dir, inputs=""):
    """Export, check, render and check again one kommun's site into `release_dir/slug`. Runs in a worker.

    `inputs` is the digest of the code and settings the build derives from: the pages' kept exports
    (cms.export.page_cache) are used only under the same (without it, none are kept)."""
    started = time.monotonic()
    site_dir = Path(release_dir) / slug
    previous_site = Path(previous_root) / slug if previous_root else None
    if previous_site is not None and not previous_site.is_dir():
        previous_site = None
    known = previous_manifest.get("kommuner", {}).get(slug, {})
    folders = Folders(site_dir, known.get("fingerprints", {}) if previous_site else {})
    try:
        result, export = gather(slug, theme, Path(cache_dir).parent / "exports" / f"{slug}.pickle", inputs)
        result.problems = check_content(export)
        if not result.problems and previous_site and known.get("export_hash") == result.export_hash:
            folders.remove()
            link_site(previous_site, site_dir)  # the stamp moved but nothing the site shows did
            result.status, result.fingerprints = "unchanged", known.get("fingerprints", {})
            result.reused = len(result.fingerprints)
        elif not result.problems:
            pages, missing_strings = render(export, site_dir, previous_site, known, theme, cache_dir, result)
            folders.keep_needed(result.fingerprints)
            if not result.problems:
                result.problems = check_rendered(export, site_dir, pages, missing_strings)
    finally:
        folders.wait()  # a failed kommun's folder is removed by the pipeline: nothing may still be making it
    if result.problems:
        result.status = "failed"
    result.seconds = time.monotonic() - started
    return result


class Folders:
    """The folders of the site's outputs as the live release has them, made ahead by `mkdir -p` in a process of its
    own while this one exports and renders: after an edit nearly every output is linked from the live release, and
    making its folder first (about 2,000 at full scale, one for each page) was the largest part of that pass, time in
    the kernel that the build's other core can spend. Rendering makes any folder it needs as before (Python's
    `makedirs` and `mkdir -p` both take a folder made meanwhile as made); the folders no output of this build needs
    (a page removed) are removed again, so the release holds only the folders a build without them would."""

    def __init__(self, site_dir, previous_prints):
        self.site_dir = Path(site_dir)
        self.made = {os.path.dirname(path) for path in previous_prints} - {""}
        self.process = None
        if self.made:
            self.site_dir.mkdir(parents=True, exist_ok=True)
            # Relative to the site's folder: 2,000 folders are about 60 KB of arguments, far below the system's limit.
            self.process = subprocess.Popen(["mkdir", "-p", "--", *sorted(self.made)], cwd=self.site_dir)  # noqa: S603,S607

    def wait(self):
        """Until every folder is made (or `mkdir` failed: rendering then makes the folders it needs itself)."""
        if self.process is not None:
            self.process.wait()
            self.process = None

    def keep_needed(self, prints):
        """Remove the folders made ahead that no output of `prints` (the rendered site's) is in, if empty."""
        self.wait()
        needed = set()
        for path in prints:
            folder = os.path.dirname(path)
            while folder and folder not in needed:
                needed.add(folder)
                folder = os.path.dirname(folder)
        for folder in sorted(self.made - needed, reverse=True):  # a folder's subfolders first
            with contextlib.suppress(OSError):  # not empty: something else the site holds is in it
                os.rmdir(self.site_dir / folder)

    def remove(self):
        """Remove the site's folder made ahead (the live site is linked whole instead)."""
        self.wait()
        if self.made:
            shutil.rmtree(self.site_dir)


def gather(slug, theme, kept, inputs=""):
    """The kommun's export (everything its site shows, in every language) and its result so far.

    The pages' exports are kept in the file `kept` (cms.export.page_cache), under the context they were
    made in (the kommun's context stamp and the code's `inputs`): after an editor publishes one page,
    only that page is exported again."""
    from cms.base.models import Kommun
    from cms.export.kommun import export_kommun
    from cms.export.page_cache import PageCache

    from .stamp import context_stamp, region_stamp

    kommun = Kommun.objects.select_related("site__root_page").get(slug=slug)
    cache = PageCache(kept, (inputs, context_stamp(kommun, region_stamp()))) if inputs else None
    export = export_kommun(kommun, cache)
    result = KommunResult(slug=slug, name=kommun.name, fallbacks=export["fallbacks"], left_out=export["left_out"])
    result.export_hash = export_hash(export, theme)
    if cache is not None:
        cache.save()
        result.exported, result.export_reused = cache.exported, cache.reused
    return result, export


def export_hash(export, theme):
    """Changes whenever anything the site is rendered from changes: an unchanged one is not rendered again.

    The export is pickled for it, in pickle's "fast" mode: without its memo, the bytes follow the values alone,
    not which of them are the same object (a kept page's texts are not a fresh export's), and equal bytes are an
    equal export. Written as JSON it took four times as long (0.03 s at full scale, after an edit)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(export)
    return hashlib.sha256(buffer.getvalue() + theme.encode()).hexdigest()


def check_content(export):
    """The content's own problems, before anything is made (an image or document whose file cannot be used
    is not one: the export leaves it out and lists it in `left_out`)."""
    return list(export["problems"])


def render(export, site_dir, previous_site, known, theme, cache_dir, result):
    """Pelican renders the site into `site_dir`: (the checks' view of the pages it rendered, the interface
    strings each language's catalog lacks).

    Image renditions, documents and the logo come first (pages name them); an image Pillow cannot
    decode after all is left out (`result.left_out`) and the pages are rendered without it."""
    from pelican import Pelican
    from pelican.log import console
    from pelican.settings import read_settings

    console.quiet = True
    logging.getLogger("pelican").setLevel(logging.ERROR)
    site_dir.mkdir(parents=True, exist_ok=True)  # made already when its folders were (`Folders`)
    export["renditions"] = images.renditions(export["images"], cache_dir, site_dir, result.images, result.left_out)
    images.copy_documents(export["documents"], site_dir)
    images.link_or_copy(settings.SITES_DIR / export["config"]["brand"]["logo"], site_dir / "logo.svg")
    for language in export["languages"]:  # the catalogs and the templates' message ids, kept between processes
        i18n.translations(THEME_DIR, language, kept_in=Path(cache_dir).parent / "i18n")
    pages = checks.RenderedPages(export["config"]["domain"])
    outcome = {"missing_strings": {}}
    with tempfile.TemporaryDirectory() as empty_content:
        pelican_settings = read_settings(
            override={
                "PATH": empty_content,
                "OUTPUT_PATH": str(site_dir),
                "THEME": str(THEME_DIR),
                "THEME_TEMPLATES_OVERRIDES": theme_overrides(export["slug"]),
                "PLUGINS": ["cms.sitebuild.render", "cms.sitebuild.writer"],
                "SITEURL": "",
                "DELETE_OUTPUT_DIRECTORY": False,
                "DIRECT_TEMPLATES": [],
                "PAGINATED_TEMPLATES": {},
                "STATIC_PATHS": [],
                "TIMEZONE": "Europe/Stockholm",
                "DEFAULT_LANG": export["languages"][0],
                "CACHE_CONTENT": False,
                "LOAD_CONTENT_CACHE": False,
                "FEED_ALL_ATOM": None,
                "CATEGORY_FEED_ATOM": None,
                "TRANSLATION_FEED_ATOM": None,
                "AUTHOR_FEED_ATOM": None,
                "AUTHOR_FEED_RSS": None,
                "THEME_STATIC_DIR": "theme",
                "THEME_STATIC_PATHS": [],  # render.py writes the theme's files under hashed names; nothing links the others
                "JINJA_ENVIRONMENT": {
                    "extensions": ["jinja2.ext.i18n"],
                    "trim_blocks": True,
                    "lstrip_blocks": True,
                    "autoescape": autoescape,
                    "bytecode_cache": _bytecode_cache(cache_dir),
                },
                "MICROSITE": export,
                "MICROSITE_RESULT": outcome,
                "MICROSITE_CHECKS": pages,
                "MICROSITE_THEME_HASH": theme,
                "MICROSITE_PREVIOUS": {
                    "root": str(previous_site) if previous_site else None,
                    "fingerprints": known.get("fingerprints", {}),
                },
            }
        )
        Pelican(pelican_settings).run()
    result.fingerprints = outcome["fingerprints"]
    result.rendered, result.reused = outcome["rendered"], outcome["reused"]
    return pages, outcome["missing_strings"]


def check_rendered(export, site_dir, pages, missing_strings):
    """The rendered pages' problems (links, empty pages, inline code) and the catalogs' missing strings."""
    return pages.problems(checks.SiteFiles(site_dir)) + checks.catalog_problems(missing_strings, export["languages"])


def _bytecode_cache(cache_dir):
    """Compiled templates are kept between kommuner and builds (Jinja checks the sources' mtimes)."""
    from jinja2 import FileSystemBytecodeCache

    folder = Path(cache_dir).parent / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))
