"""The build as a script of named steps: gather, render, check, publish.

Each kommun is built in a worker process (both cores are used); a kommun that fails
keeps its previous live site while the others are published.
"""

import functools
import hashlib
import json
import logging
import multiprocessing
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections

from cms import languages
from cms.theme import THEME_DIR, autoescape

from . import checks, images
from .errors import BuildError, is_output_problem, output_problems
from .publish import MANIFEST, Releases, build_lock, copy_tree
from .stamp import kommun_stamp, region_stamp

logger = logging.getLogger(__name__)
RENDITION_CACHE = ".cache/renditions"


@dataclass
class KommunResult:
    slug: str
    name: str
    status: str = "built"  # built | unchanged | failed
    problems: list = field(default_factory=list)
    fallbacks: dict = field(default_factory=dict)
    export_hash: str = ""
    fingerprints: dict = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0
    images: dict = field(default_factory=lambda: {"encoded": 0, "cached": 0})
    seconds: float = 0.0


@dataclass
class BuildReport:
    release: Path = None
    published: bool = False
    results: list = field(default_factory=list)
    seconds: float = 0.0
    search_seconds: float = 0.0  # reindexing the rebuilt kommuner for search, after they went live
    message: str = ""
    imports: list = field(default_factory=list)  # the ImportRun of each source imported before the build

    @property
    def failed(self):
        return [r for r in self.results if r.status == "failed"]

    @property
    def pages(self):
        return sum(r.rendered + r.reused for r in self.results if r.status != "failed")


def theme_hash():
    """Changes whenever a template, the stylesheet, a script, a catalog or a language's entry changes."""
    digest = hashlib.sha256()
    for path in sorted(THEME_DIR.rglob("*")):
        if path.is_file() and path.suffix != ".mo":
            digest.update(str(path.relative_to(THEME_DIR)).encode())
            digest.update(path.read_bytes())
    for package in (Path(__file__).parent, THEME_DIR.parents[1] / "cms" / "theme"):  # the code that renders
        for path in sorted(package.glob("*.py")):
            digest.update(path.read_bytes())
    digest.update(repr(languages.REGISTRY).encode())  # names, directions, locales: read by the templates
    return digest.hexdigest()


def _export_hash(export, theme):
    payload = json.dumps(export, sort_keys=True, default=str).encode()
    return hashlib.sha256(payload + theme.encode()).hexdigest()


def build_kommun(slug, release_dir, previous_root, previous_manifest, theme, cache_dir):
    """Export, render and check one kommun's site into `release_dir/slug`. Runs in a worker."""
    from pelican import Pelican
    from pelican.log import console
    from pelican.settings import read_settings

    from cms.base.models import Kommun
    from cms.export.kommun import export_kommun

    started = time.monotonic()
    console.quiet = True
    logging.getLogger("pelican").setLevel(logging.ERROR)
    kommun = Kommun.objects.select_related("site__root_page").get(slug=slug)
    result = KommunResult(slug=slug, name=kommun.name)
    export = export_kommun(kommun)
    result.fallbacks = export["fallbacks"]
    result.export_hash = _export_hash(export, theme)
    site_dir = Path(release_dir) / slug
    previous_site = Path(previous_root) / slug if previous_root else None
    known = previous_manifest.get("kommuner", {}).get(slug, {})
    problems = export["problems"] + images.file_problems(export["images"])
    if problems:
        result.status, result.problems = "failed", problems
        return result
    if previous_site and previous_site.is_dir() and known.get("export_hash") == result.export_hash:
        copy_tree(previous_site, site_dir)
        result.status, result.fingerprints = "unchanged", known.get("fingerprints", {})
        result.reused = len(result.fingerprints)
        result.seconds = time.monotonic() - started
        return result

    site_dir.mkdir(parents=True)
    export["renditions"] = images.renditions(export["images"], cache_dir, site_dir, result.images, result.problems)
    if result.problems:
        result.status = "failed"
        return result
    images.copy_documents(export["documents"], site_dir)
    images.link_or_copy(settings.SITES_DIR / export["config"]["brand"]["logo"], site_dir / "logo.svg")
    outcome = {"missing_strings": {}}
    with tempfile.TemporaryDirectory() as empty_content:
        pelican_settings = read_settings(
            override={
                "PATH": empty_content,
                "OUTPUT_PATH": str(site_dir),
                "THEME": str(THEME_DIR),
                "PLUGINS": ["cms.sitebuild.render"],
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
                "JINJA_ENVIRONMENT": {
                    "extensions": ["jinja2.ext.i18n"],
                    "trim_blocks": True,
                    "lstrip_blocks": True,
                    "autoescape": autoescape,
                    "bytecode_cache": _bytecode_cache(cache_dir),
                },
                "MICROSITE": export,
                "MICROSITE_RESULT": outcome,
                "MICROSITE_THEME_HASH": theme,
                "MICROSITE_PREVIOUS": {
                    "root": str(previous_site) if previous_site and previous_site.is_dir() else None,
                    "fingerprints": known.get("fingerprints", {}),
                },
            }
        )
        Pelican(pelican_settings).run()
    result.fingerprints = outcome["fingerprints"]
    result.rendered, result.reused = outcome["rendered"], outcome["reused"]
    result.problems = checks.check_site(
        site_dir, export["config"]["domain"], outcome["missing_strings"], export["languages"]
    )
    if result.problems:
        result.status = "failed"
    result.seconds = time.monotonic() - started
    return result


def _bytecode_cache(cache_dir):
    """Compiled templates are kept between kommuner and builds (Jinja checks the sources' mtimes)."""
    from jinja2 import FileSystemBytecodeCache

    folder = Path(cache_dir).parent / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def _build_all(slugs, release, live, previous, theme, cache, jobs):
    """Yield each kommun's result as it finishes: in worker processes, or here when jobs is 1."""

    def guarded(call, slug):
        try:
            return call()
        except Exception as exc:  # a crash in one kommun must not stop the others
            if is_output_problem(exc):  # but a full disk stops them all: no kommun is to blame
                raise
            logger.exception("The build of %s crashed.", slug)
            return KommunResult(
                slug=slug, name=slug, status="failed", problems=[f"The build of {slug} crashed: {exc!r}."]
            )

    if jobs <= 1:
        for slug in slugs:
            yield guarded(functools.partial(build_kommun, slug, release, live, previous, theme, cache), slug)
        return
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init) as pool:
        futures = {pool.submit(build_kommun, slug, release, live, previous, theme, cache): slug for slug in slugs}
        for future in as_completed(futures):
            yield guarded(future.result, futures[future])


def _worker_init():
    connections.close_all()  # each process opens its own database connection


def run(root, *, kommuner=None, publish=False, jobs=2, progress=None, imports=False, log=print, search_step=None):
    """Build every kommun (or those given) into a new release; publish it if asked.

    With `imports`, the housing feeds (of the kommuner built) and JobTech are imported
    first, under the build's lock, each logged in one line; a failed import is recorded
    and the build goes on. `search_step(title, total)`, when given, shows the search
    reindex after publishing as a step (`progress.Steps.step`)."""
    from cms.base.models import Kommun

    started = time.monotonic()
    root = Path(root)
    report = BuildReport()
    releases = Releases(root)
    with output_problems(), build_lock(root):
        live = releases.live()
        previous = releases.manifest(live)
        theme = theme_hash()
        slugs = list(Kommun.objects.order_by("slug").values_list("slug", flat=True))
        if kommuner:
            unknown = sorted(set(kommuner) - set(slugs))
            if unknown:
                raise BuildError(f"No kommun is called {', '.join(unknown)}; known: {', '.join(slugs)}.")
            slugs = [s for s in slugs if s in kommuner]
        if imports:
            report.imports = _import(kommuner, log)
        kommun_rows = {k.slug: k for k in Kommun.objects.select_related("site__root_page", "collection")}
        misconfigured = _misconfigured(slugs, kommun_rows)
        slugs = [slug for slug in slugs if slug not in misconfigured]
        region = region_stamp()
        stamps = {slug: kommun_stamp(kommun_rows[slug], theme, region) for slug in slugs}
        known = previous.get("kommuner", {})
        unchanged = [
            slug
            for slug in slugs
            if live and known.get(slug, {}).get("stamp") == stamps[slug] and (live / slug).is_dir()
        ]
        if len(unchanged) == len(slugs):
            report.results = [
                KommunResult(
                    slug=s, name=kommun_rows[s].name, status="unchanged", reused=len(known[s].get("fingerprints", {}))
                )
                for s in slugs
            ]
            report.results = sorted(report.results + list(misconfigured.values()), key=lambda r: r.slug)
            report.release, report.message = live, "Nothing changed in the CMS; nothing new was built or published."
            report.seconds = time.monotonic() - started
            return report
        release = releases.new_folder()
        report.results.extend(misconfigured.values())
        try:
            # Linking the unchanged sites is file-system work; it runs beside the builds.
            copier = ThreadPoolExecutor(max_workers=1)
            copies = [copier.submit(copy_tree, live / slug, release / slug) for slug in unchanged]
            for slug in unchanged:
                result = KommunResult(
                    slug=slug,
                    name=kommun_rows[slug].name,
                    status="unchanged",
                    export_hash=known[slug].get("export_hash", ""),
                    fingerprints=known[slug].get("fingerprints", {}),
                )
                result.reused = len(result.fingerprints)
                report.results.append(result)
                if progress:
                    progress(result)
            cache = root / RENDITION_CACHE
            to_build = [slug for slug in slugs if slug not in unchanged]
            for result in _build_all(to_build, release, live, previous, theme, cache, jobs):
                report.results.append(result)
                if progress:
                    progress(result)
            copier.shutdown()
            for copy in copies:
                copy.result()
            report.results.sort(key=lambda r: r.slug)
            slugs += list(misconfigured)
            _keep_previous_sites(report, live, release, previous, slugs)
            manifest = _manifest(report, previous, theme, slugs, stamps)
            (release / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
            report.release = releases.finish(release)
        except OSError:  # a full disk: the half-written release goes, freeing what it took
            _discard(release)
            raise
        changed = any(r.status == "built" for r in report.results)
        if publish:
            if not changed and report.failed:
                _discard(report.release)
                report.release, report.message = live, "No kommun could be built; public/ was left as it was."
            elif not changed and live is not None and set(previous.get("kommuner", {})) >= set(slugs):
                _discard(report.release)
                report.release, report.message = live, "Nothing changed in the CMS; nothing new was published."
            else:
                releases.switch(report.release)
                report.published = True
                releases.prune()
        report.seconds = time.monotonic() - started  # until the new sites are live (or the build ended)
        if publish and report.published:
            # After the switch: search learns of the new pages once they can be visited.
            searched = time.monotonic()
            rebuilt = [r.slug for r in report.results if r.status == "built"]
            step = search_step("Search reindex", len(rebuilt)) if search_step and rebuilt else None
            _reindex_search(rebuilt, kommun_rows, step)
            report.search_seconds = time.monotonic() - searched
            if step:
                step.done(f"{len(rebuilt)} {'kommun' if len(rebuilt) == 1 else 'kommuner'} reindexed")
    return report


def _misconfigured(slugs, kommun_rows):
    """{slug: its failed result} for each kommun whose `sites/<slug>.toml` is not valid: it fails on
    its own, keeping its previous site, and the sentence names the file and the keys to fix."""
    from cms.base.site_config import broken_sites

    return {
        slug: KommunResult(slug=slug, name=kommun_rows[slug].name, status="failed", problems=[broken_sites()[slug]])
        for slug in slugs
        if slug in broken_sites()
    }


def _import(kommuner, log):
    """Listings in from outside before anything is gathered, so tonight's sites show them."""
    from cms.imports.nightly import run_imports

    return run_imports(kommuner, log=log)


def _reindex_search(slugs, kommun_rows, step=None):
    """The nightly safety net: publishing keeps the search index current as it happens; this
    rewrites what changed, so a missed update lasts a night at most. A search failure never
    stops a build."""
    from cms.search.backends import get_backend
    from cms.search.documents import all_documents

    for slug in slugs:
        try:
            get_backend().replace_kommun(slug, all_documents([kommun_rows[slug]]))
        except Exception:
            logger.exception(
                "Could not reindex %s for search; the site is published all the same, and the index keeps "
                "its previous documents until the next run repairs it.",
                slug,
            )
        if step:
            step.advance(kommun_rows[slug].name)


def _keep_previous_sites(report, live, release, previous, slugs):
    """A failed kommun keeps its previous live site in the new release; other kommuner not built now too."""
    for result in report.failed:
        target = release / result.slug
        if target.exists():
            _discard(target)
        if live and (live / result.slug).is_dir():
            copy_tree(live / result.slug, target)
    if live:
        for slug in previous.get("kommuner", {}):
            if slug not in slugs and (live / slug).is_dir():
                copy_tree(live / slug, release / slug)


def _manifest(report, previous, theme, slugs, stamps):
    kommuner = {slug: data for slug, data in previous.get("kommuner", {}).items() if slug not in slugs}
    for result in report.results:
        if result.status == "failed":
            if result.slug in previous.get("kommuner", {}):
                kommuner[result.slug] = previous["kommuner"][result.slug]
            continue
        kommuner[result.slug] = {
            "export_hash": result.export_hash,
            "fingerprints": result.fingerprints,
            "stamp": stamps[result.slug],
        }
    return {"theme": theme, "kommuner": kommuner}


def _discard(path):
    shutil.rmtree(path, ignore_errors=True)
