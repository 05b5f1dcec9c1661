"""The build as a script of named stages: gather, check, render, write, publish, reindex.

`run` reads as that script. Gathering decides what must be built (the stamps of each
kommun against the live release's manifest); each kommun then gathers its content, checks
it, renders it and checks what was rendered in a worker process of its own (cms.sitebuild.site);
writing makes the new release (the rebuilt sites, the others linked whole from the live
release, the manifest); publishing switches `public/` to it; reindexing tells search of the
rebuilt kommuner once they can be visited, and old releases are cleaned up last.

Errors are collected per kommun: a kommun that fails keeps its previous live site while the
others are published. A full disk or a folder the build may not use stops everything, since no
kommun is to blame, and `public/` stays as it was.
"""

import contextlib
import functools
import gc
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError, is_output_problem, output_problems
from .publish import MANIFEST, Releases, build_lock, link_site, remove
from .report import BuildReport, KommunResult
from .themes import kommun_theme, theme_hash

logger = logging.getLogger(__name__)
RENDITION_CACHE = ".cache/renditions"

__all__ = ["BuildReport", "KommunResult", "build_kommun", "run"]


def build_kommun(slug, release_dir, previous_root, previous_manifest, theme, cache_dir, inputs):
    """One kommun's site (cms.sitebuild.site.build_kommun), imported when a kommun is first built: a
    no-change publish never loads Pelican, Jinja or Pillow."""
    from .site import build_kommun

    return build_kommun(slug, release_dir, previous_root, previous_manifest, theme, cache_dir, inputs)


@dataclass
class Plan:
    """What gathering found: the live release, the kommuner asked for, and which of them changed."""

    live: Path
    previous: dict  # the live release's manifest
    theme: str
    names: dict  # slug -> the kommun's name
    stamps: dict  # slug -> its stamp now
    to_build: list
    unchanged: list
    misconfigured: dict  # slug -> its failed result: its sites/<slug>.toml is not valid
    inputs: str = ""  # the code, sites and settings the build derives from (cms.sitebuild.nochange.inputs_digest)
    front_door_inputs: str = ""  # the same without the sites' files: what the region front door is made from

    @property
    def slugs(self):
        return sorted([*self.to_build, *self.unchanged, *self.misconfigured])


def run(root, *, kommuner=None, publish=False, jobs=2, progress=None, imports=False, log=print, search_step=None):
    """Build every kommun (or those given) into a new release; publish it if asked.

    With `imports`, the housing feeds (of the kommuner built) and JobTech are imported
    first, under the build's lock, each logged in one line; a failed import is recorded
    and the build goes on. `progress(result)` is told of each kommun as it is done.
    `search_step(title, total)`, when given, shows the search reindex after publishing as
    a step (`progress.Steps.step`)."""
    started = time.monotonic()
    report = BuildReport()
    releases = Releases(root)
    with output_problems(), build_lock(root):
        slugs = asked_for(kommuner)
        if imports:
            report.imports = import_listings(kommuner, log)
        plan = gather(releases, slugs)
        if not plan.to_build:
            return nothing_to_build(report, plan, started)
        release = releases.new_folder()
        try:
            report.results = [*plan.misconfigured.values(), *unchanged_results(plan, progress)]
            report.results += build(plan, release, Path(root) / RENDITION_CACHE, jobs, progress)
            report.results.sort(key=lambda r: r.slug)
            region = build_region(release, plan)
            report.release = write(releases, release, plan, report.results, region)
        except OSError:  # a full disk: the half-written release goes, freeing what it took
            remove(release)
            raise
        if publish:
            report.published, report.message = publish_release(releases, plan, report, region)
        report.seconds = time.monotonic() - started  # until the new sites are live (or the build ended)
        if report.published:
            reindex(report, search_step)
            releases.prune()  # after the switch: visitors and editors never wait for old releases to go
    return report


def build_region(release, plan):
    """The region front door comparing the kommuner (cms.sitebuild.region_site), in every release: rendered
    again only when what it shows changed, else linked whole from the live release. Returns the digest of what
    it was made from, for the manifest."""
    from .region_site import build_region_site

    return build_region_site(
        release, plan.live, inputs=plan.front_door_inputs, live_made_from=plan.previous.get("region", "")
    )


def nothing_to_build(report, plan, started):
    """The report when every kommun asked for is as live (or cannot be built): the live release stays."""
    report.results = sorted(
        [*unchanged_results(plan, progress=None), *plan.misconfigured.values()], key=lambda r: r.slug
    )
    report.release, report.message = plan.live, "Nothing changed in the CMS; nothing new was built or published."
    report.seconds = time.monotonic() - started
    return report


def asked_for(kommuner):
    """The slugs of the kommuner to build (all when none are named); an unknown name stops the build."""
    from cms.base.models import Kommun

    slugs = list(Kommun.objects.order_by("slug").values_list("slug", flat=True))
    unknown = sorted(set(kommuner or ()) - set(slugs))
    if unknown:
        raise BuildError(f"No kommun is called {', '.join(unknown)}; known: {', '.join(slugs)}.")
    return [slug for slug in slugs if not kommuner or slug in kommuner]


def gather(releases, slugs):
    """Which of `slugs` to build: those whose stamp differs from the live release's manifest.

    A kommun whose `sites/<slug>.toml` is not valid fails here on its own; everything else is
    decided from ids and timestamps (cms.sitebuild.stamp), without exporting anything."""
    from cms.base.models import Kommun

    from . import nochange
    from .stamp import kommun_stamp, media_root, region_stamp

    # Before what they cover is read: an edit meanwhile is seen next time.
    inputs, front_door_inputs = nochange.inputs_digests()
    live = releases.live()
    previous = releases.manifest(live)
    rows = {k.slug: k for k in Kommun.objects.select_related("site__root_page", "collection").filter(slug__in=slugs)}
    misconfigured = _misconfigured(slugs, rows)
    slugs = [slug for slug in slugs if slug not in misconfigured]
    theme = theme_hash()
    known = previous.get("kommuner", {})
    # The kommuner whose recorded stamp steps, replayed, give the live stamp: an edit's publish computes one stamp.
    as_recorded = nochange.unchanged_as_recorded(releases.root, inputs, live, known, slugs)
    stamps = {slug: known[slug]["stamp"] for slug in as_recorded}
    rest = [slug for slug in slugs if slug not in as_recorded]
    if rest:
        region_steps, steps = {}, {slug: {} for slug in rest}
        region = region_stamp(region_steps)
        stamps |= {slug: kommun_stamp(rows[slug], kommun_theme(slug, theme), region, steps[slug]) for slug in rest}
        if "steps" in region_steps:
            sites = {slug: recorded["steps"] for slug, recorded in steps.items() if "steps" in recorded}
            nochange.record(releases.root, inputs, _kommuner(), region_steps["steps"], sites, media_root())
    unchanged = [
        slug for slug in slugs if live and known.get(slug, {}).get("stamp") == stamps[slug] and (live / slug).is_dir()
    ]
    return Plan(
        live=live,
        previous=previous,
        theme=theme,
        names={slug: row.name for slug, row in rows.items()},
        stamps=stamps,
        to_build=[slug for slug in slugs if slug not in unchanged],
        unchanged=unchanged,
        misconfigured=misconfigured,
        inputs=inputs,
        front_door_inputs=front_door_inputs,
    )


def _kommuner():
    """(SQL, parameters, rows) of the kommuner's slugs and names: a no-change answer finds them as they were."""
    from django.db import connection

    from .stamp import kommuner_query

    sql, params = kommuner_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sql, params, cursor.fetchall()


def unchanged_results(plan, progress):
    """The result of each kommun whose stamp has not moved: its live site goes on as it is."""
    results = []
    for slug in plan.unchanged:
        known = plan.previous["kommuner"][slug]
        result = KommunResult(
            slug=slug,
            name=plan.names[slug],
            status="unchanged",
            export_hash=known.get("export_hash", ""),
            fingerprints=known.get("fingerprints", {}),
        )
        result.reused = len(result.fingerprints)
        results.append(result)
        if progress:
            progress(result)
    return results


def build(plan, release, cache, jobs, progress):
    """Each changed kommun checked, rendered and checked again into `release`: in worker processes, or
    here when one process is asked for, one kommun is to be built (a worker would only add its start), or the
    caller is inside a transaction: forking closes the database connections, which would end the caller's
    transaction with them (the builds would see none of its changes, and the caller's next query would fail)."""
    from django.db import connection

    given = (release, plan.live, plan.previous, plan.theme, cache, plan.inputs)
    here = jobs <= 1 or len(plan.to_build) == 1 or connection.in_atomic_block
    if here:
        results = (_guarded(functools.partial(_build_one, slug, *given), slug) for slug in plan.to_build)
    else:
        results = _in_workers(plan.to_build, given, jobs)
    done = []
    with _out_of_collections() if here else contextlib.nullcontext():
        for result in results:
            done.append(result)
            if progress:
                progress(result)
    return done


@contextlib.contextmanager
def _out_of_collections():
    """What the process holds before a build here (Django's apps, the plan, the live manifest) kept out of the
    garbage collector's full collections while it runs: an edit's publish spent a tenth of its time going over
    them again. The build's own objects are collected as before; frozen ones it drops, after it."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _build_one(slug, release, live, previous, theme, cache, inputs):
    """One kommun built with its own theme (its templates, if it has any, are part of its digest)."""
    return build_kommun(slug, release, live, previous, kommun_theme(slug, theme), cache, inputs)


def _build_in_worker(slug, *given):
    """`_build_one` in a worker process, which then hands the memory its kommun freed back to the system before
    the next: the allocator keeps a freed heap for reuse, so a worker stayed as large as the largest kommun it had
    built while the other built its next (the build's peak is the two workers' and the parent's together: 289 ->
    284 MiB at full scale, medians of 4 and 6 runs)."""
    try:
        return _build_one(slug, *given)
    finally:
        gc.collect()
        _trim_heap()


def _trim_heap():
    """glibc's `malloc_trim`, which Python does not expose; nothing where the C library has none (musl)."""
    import ctypes

    with contextlib.suppress(AttributeError):  # the process's own symbols, the C library's among them
        ctypes.CDLL(None).malloc_trim(0)


def _guarded(call, slug):
    """One kommun's build; a crash fails that kommun alone, but a full disk stops them all: no kommun is to blame."""
    try:
        return call()
    except Exception as exc:
        if is_output_problem(exc):
            raise
        logger.exception("The build of %s crashed.", slug)
        # Editors read this on the dashboard: a sentence on what it means for the site. The fault itself (a
        # KeyError('title') says nothing they can act on) is for the operators, in the log line above.
        problem = (
            f"The build of {slug} stopped on a fault in the build program, not in the content; the site keeps "
            "its previous version, and the operators' log names the fault."
        )
        return KommunResult(slug=slug, name=slug, status="failed", problems=[problem])


def _in_workers(slugs, given, jobs):
    """Yield each kommun's result as it finishes, built in `jobs` forked worker processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from django.db import connections

    from .render import shared_with_workers

    connections.close_all()  # each process opens its own database connection
    context = multiprocessing.get_context("fork")
    with (
        shared_with_workers(),
        ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=connections.close_all) as pool,
    ):
        futures = {pool.submit(_build_in_worker, slug, *given): slug for slug in slugs}
        for future in as_completed(futures):
            yield _guarded(future.result, futures[future])  # a worker that died fails its kommun


def write(releases, release, plan, results, region=""):
    """Finish the new release: the sites not rebuilt (unchanged, failed, or not asked for) linked whole
    from the live release, and the manifest the next build compares with (`region`: what the release's front
    door was made from); returns its final folder."""
    live, known = plan.live, plan.previous.get("kommuner", {})
    built = {r.slug for r in results if r.status == "built"}
    rebuilt_unchanged = {r.slug for r in results if r.status == "unchanged"} - set(plan.unchanged)
    keep = [slug for slug in {*known, *plan.slugs} if slug not in built and slug not in rebuilt_unchanged]
    for slug in sorted(keep):
        target = release / slug
        if target.exists() or target.is_symlink():
            remove(target)  # what a failed kommun left half-made
        if live and (live / slug).is_dir():
            link_site(live / slug, target)
    (release / MANIFEST).write_text(_manifest(plan, results, region), encoding="utf-8")
    return releases.finish(release)


def _manifest(plan, results, region=""):
    """The stamps, export hashes and page fingerprints of every site in the release, and what its front door
    was made from, as JSON."""
    import json

    known = plan.previous.get("kommuner", {})
    kommuner = {slug: data for slug, data in known.items() if slug not in plan.slugs}
    for result in results:
        if result.status == "failed":
            if result.slug in known:
                kommuner[result.slug] = known[result.slug]
            continue
        kommuner[result.slug] = {
            "export_hash": result.export_hash,
            "fingerprints": result.fingerprints,
            "stamp": plan.stamps[result.slug],
            "left_out": result.left_out,  # for the dashboard: what the editors must fix
        }
    # Without indent, the C encoder writes it alone: half the time for the 21,000 fingerprints of a large build.
    manifest = {"theme": plan.theme, "kommuner": kommuner, "region": region}
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"))


def publish_release(releases, plan, report, region=""):
    """Switch `public/` to the new release, unless it has nothing new: (published, the message why not).

    A front door made from other figures than the live one (`region`, a day has passed, say) is new: it is
    published even when no kommun's site changed, so the live release's manifest never claims a front door
    it does not hold."""
    front_door = bool(region) and plan.live is not None and region != plan.previous.get("region")
    changed = front_door or any(r.status == "built" for r in report.results)
    if not changed and report.failed:
        remove(report.release)
        report.release = plan.live
        return False, "No kommun could be built; public/ was left as it was."
    if not changed and plan.live is not None and set(plan.previous.get("kommuner", {})) >= set(plan.slugs):
        # A stamp moved but no export did (a listing saved as it was): the live release's manifest takes the
        # new stamps, so the next run finds it unchanged from its stamps alone, without exporting it again.
        releases.restamp(plan.live, report.release / MANIFEST)
        remove(report.release)
        report.release = plan.live
        return False, "Nothing changed in the CMS; nothing new was published."
    releases.switch(report.release)
    return True, ""


def reindex(report, search_step=None):
    """The nightly safety net, after the switch: search learns of the rebuilt kommuner's pages once they
    can be visited. Publishing keeps the index current as it happens; this rewrites what changed, so a
    missed update lasts a night at most. A search failure never stops a build."""
    from cms.base.models import Kommun
    from cms.search.backends import get_backend
    from cms.search.documents import all_documents

    started = time.monotonic()
    rebuilt = [r.slug for r in report.results if r.status == "built"]
    step = search_step("Search reindex", len(rebuilt)) if search_step and rebuilt else None
    for kommun in Kommun.objects.filter(slug__in=rebuilt).order_by("slug"):
        try:
            get_backend().replace_kommun(kommun.slug, all_documents([kommun]))
        except Exception:
            logger.exception(
                "Could not reindex %s for search; the site is published all the same, and the index keeps "
                "its previous documents until the next run repairs it.",
                kommun.slug,
            )
        if step:
            step.advance(kommun.name)
    if step:
        step.done(f"{len(rebuilt)} {'kommun' if len(rebuilt) == 1 else 'kommuner'} reindexed")
    report.search_seconds = time.monotonic() - started


def import_listings(kommuner, log):
    """Listings in from outside before anything is gathered, so tonight's sites show them."""
    from cms.imports.nightly import run_imports

    return run_imports(kommuner, log=log)


def _misconfigured(slugs, rows):
    """{slug: its failed result} for each kommun whose `sites/<slug>.toml` is not valid: it fails on
    its own, keeping its previous site, and the sentence names the file and the keys to fix."""
    from cms.base.site_config import broken_sites

    broken = broken_sites()
    return {
        slug: KommunResult(slug=slug, name=rows[slug].name, status="failed", problems=[broken[slug]])
        for slug in slugs
        if slug in broken
    }
