"""A no-change build answered before Django starts: the same stamps, computed from their recorded SQL.

Loading Django's apps (Wagtail's, DRF's and their API modules) is most of a no-change
`build.py --publish`, yet the answer needs only the stamps (cms.sitebuild.stamp) and the live
release's manifest. Every build that computes stamps records how (their steps: values and the
SQL Django compiled, cms.sitebuild.stamp_steps) in `.cache/stamps.json` beside the releases,
with a digest of everything those steps were derived from: the project's code (the models'
declarations among it), the sites' files, the themes, the settings the stamps read and where
the database and the stored files are, and Django's and Wagtail's versions.

`answer` replays them through a database connection alone, under the build's lock. When the
recorded inputs are those of now and every kommun asked for has the stamp of the live
release, nothing changed, and the answer is the one the full build would give. Anything else
(a stamp that moved, a kommun added, code or a setting changed, no record yet, the database or
the record unreadable) gives None, and the full build decides, reports and records again.
"""

import hashlib
import json
import os
import time
import warnings
from pathlib import Path

from .errors import PublishError
from .pipeline import Plan, nothing_to_build
from .publish import Releases, build_lock
from .report import BuildReport
from .stamp_steps import replay

RECORD = Path(".cache") / "stamps.json"

#: Settings the recorded steps depend on beyond those the stamps read (where the files are).
WHERE = ("MEDIA_ROOT", "STORAGES", "SITES_DIR", "BASE_DIR")

#: What tells one database from another (Django adds defaults to the rest of its settings once it connects).
DATABASE = ("ENGINE", "NAME", "HOST", "PORT", "USER")


def inputs_digest():
    """A digest of everything the recorded steps were derived from, but the database's rows."""
    return _digests(front_door=False)[0]


def inputs_digests():
    """(everything the build derives from but the database's rows, the same without the sites' files), in one
    reading of the files. The region front door is made from the second: a kommun's own template or site file
    reaches it only through the figures it counts (cms.region.figures), which its digest covers."""
    return _digests(front_door=True)


def _digests(front_door):
    """`inputs_digests()`; without `front_door` (the no-change answer, which needs only the first) its second
    digest is not computed and is None."""
    import django
    import wagtail
    from django.conf import settings

    import cms
    from cms.export.declarations import SETTINGS

    everything = hashlib.sha256()
    without_sites = hashlib.sha256() if front_door else None
    both = (everything, without_sites) if front_door else (everything,)
    base = Path(settings.BASE_DIR)
    trees = [
        (Path(cms.__file__).parent, "*.py", both),
        (Path(settings.SITES_DIR), "*", (everything,)),
        (base / "themes", "*", both),
    ]
    for folder, pattern, digests in trees:
        for path in sorted(folder.rglob(pattern)):
            if path.is_file() and path.suffix not in (".mo", ".pyc"):  # catalogs compile from their .po
                name, content = str(path.relative_to(folder)).encode(), path.read_bytes()
                for digest in digests:
                    digest.update(name)
                    digest.update(content)
    chosen = {name: getattr(settings, name, None) for name in (*SETTINGS, *WHERE)}
    chosen["DATABASES"] = {key: settings.DATABASES["default"].get(key) for key in DATABASE}
    versions = json.dumps([chosen, [django.get_version(), wagtail.__version__]], default=str, sort_keys=True).encode()
    for digest in both:
        digest.update(versions)
    return everything.hexdigest(), without_sites and without_sites.hexdigest()


def record(root, inputs, kommuner, region, sites, media_root):
    """Keep the steps of this build's stamps for the next no-change answer, merged with those kept
    before under the same inputs (a build of some kommuner keeps the others' steps).

    `kommuner` is the (SQL, parameters, rows) of the kommuner's slugs and names; `region` the
    region stamp's steps; `sites` {slug: its stamp's steps}."""
    path = Path(root) / RECORD
    kept = _read(path)
    sites = {**(kept.get("sites", {}) if kept.get("inputs") == inputs else {}), **sites}
    sql, params, rows = kommuner
    data = {
        "inputs": inputs,
        "media_root": media_root,
        "kommuner": {"sql": sql, "params": list(params), "rows": [list(row) for row in rows]},
        "region": region,
        "sites": sites,
    }
    temporary = path.with_name(f".{path.name}-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)  # a reader sees the old record or the new one, never half of one
    except OSError:  # a full disk, say: without a record the next run decides in full; the build names the folder
        temporary.unlink(missing_ok=True)


def answer(root, kommuner=None):
    """The report of a build that finds nothing changed, or None when the full build must decide."""
    started = time.monotonic()
    releases = Releases(root)
    saved = _read(Path(root) / RECORD)
    if not saved or not releases.public.is_symlink() or saved["inputs"] != inputs_digest():
        return None
    try:
        with build_lock(root):
            plan = _unchanged(releases, saved, kommuner)
    except (PublishError, OSError):  # another build is running, or the folder cannot be used: the full build says so
        return None
    return nothing_to_build(BuildReport(), plan, started) if plan else None


def _unchanged(releases, saved, kommuner):
    """The plan of a build of `kommuner` (all when None) that finds every one of them as live, else None."""
    from django.db import DatabaseError, connections

    connection = connections["default"]  # Django's backend: the rows come as a full build reads them
    opened = connection.connection is None
    try:
        with warnings.catch_warnings():
            # Django warns of queries before its apps are loaded; none is needed: the SQL names tables, no model.
            warnings.filterwarnings("ignore", message="Accessing the database during app initialization")
            with connection.cursor() as cursor:
                return _compare(releases, saved, kommuner, cursor)
    except DatabaseError:  # a table that moved, say: the full build tells what is wrong
        return None
    finally:
        if opened:  # a process that goes on to load Django (or a test's transaction) keeps its own
            connection.close()


def _compare(releases, saved, kommuner, cursor):
    if not _same_kommuner(saved, cursor):
        return None  # a kommun was added, removed or renamed
    names = {slug: name for slug, name in saved["kommuner"]["rows"] if not kommuner or slug in kommuner}
    if set(kommuner or ()) - set(names) or set(names) - set(saved["sites"]):
        return None  # an unknown name (the full build names it), or a kommun whose steps are not kept
    live = releases.live()
    previous = releases.manifest(live).get("kommuner", {})
    if _as_live(saved, cursor, live, previous, names) != set(names):
        return None
    return Plan(
        live=live,
        previous={"kommuner": previous},
        theme="",
        names=names,
        stamps={},
        to_build=[],
        unchanged=sorted(names),
        misconfigured={},
    )


def unchanged_as_recorded(root, inputs, live, previous, slugs):
    """Those of `slugs` whose stamps, replayed from the record, are the live release's (`previous`, its manifest's
    kommuner): the full build takes them as unchanged without its models computing their stamps again (0.3-0.5 s
    for 14 kommuner at full scale), and computes only the others'. None are when the record was made from other
    `inputs` or other kommuner. Runs in the build's database connection, under its lock."""
    from django.db import connection

    saved = _read(Path(root) / RECORD)
    if not saved or saved.get("inputs") != inputs or live is None:
        return set()
    with connection.cursor() as cursor:
        if not _same_kommuner(saved, cursor):
            return set()
        return _as_live(saved, cursor, live, previous, [slug for slug in slugs if slug in saved["sites"]])


def _same_kommuner(saved, cursor):
    """Whether the kommuner (slugs and names) are those the record was made with."""
    cursor.execute(saved["kommuner"]["sql"], tuple(saved["kommuner"]["params"]))
    return [list(row) for row in cursor.fetchall()] == saved["kommuner"]["rows"]


def _as_live(saved, cursor, live, previous, slugs):
    """Those of `slugs` whose replayed stamp is the one `previous` (the live manifest's kommuner) records, and whose
    site the `live` release holds."""
    region = replay(saved["region"], cursor, saved["media_root"])
    return {
        slug
        for slug in slugs
        if previous.get(slug, {}).get("stamp") == replay(saved["sites"][slug], cursor, saved["media_root"], region)
        and (live / slug).is_dir()
    }


def _read(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
