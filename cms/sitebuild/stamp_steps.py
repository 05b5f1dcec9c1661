"""A stamp as the steps that feed it, so it can be computed again without Django's models.

Django compiles a kommun's stamp queries from the export's declarations (cms.sitebuild.stamp),
which needs every app loaded: most of a no-change `build.py --publish`. Each stamp keeps the
steps that fed its digest (values, and SQL with its parameters and whether a column names a
stored file); `replay` feeds a new digest from the same steps through a database cursor alone,
so an unchanged site is recognised from the same rows read the same way (cms.sitebuild.nochange).
A step whose parameters come from an earlier query's rows (the paths of a kommun's home pages)
follows that query, whose rows are in the digest: when they move, the replayed stamp moves too.

This module imports nothing of Django.
"""

import hashlib
import json
import os

#: Parameters that survive being written as JSON and read back as the same value.
JSON_SCALARS = (str, int, float, bool, type(None))


class Stamp:
    """A digest of values and SQL rows, which keeps the steps that fed it.

    `cursor` runs the SQL (a Django connection's cursor, the one every build reads through);
    `media_root` is where stored files' names are found, for their size and modification time."""

    def __init__(self, cursor, media_root):
        self.cursor = cursor
        self.media_root = media_root
        self.digest = hashlib.sha256()
        self.steps = []
        self.replayable = True

    def value(self, value):
        """Something not read by SQL (the theme's digest, the site's configuration)."""
        self.steps.append({"value": value})
        _update(self.digest, value)

    def region(self, digest):
        """The region's digest, which every kommun's stamp includes."""
        self.steps.append({"region": True})  # replayed, it is the region's digest then
        _update(self.digest, digest)

    def rows(self, sql, params, files=()):
        """The rows of one query, each with the size and modification time of the stored files it names
        (by their column's index), so a file replaced on disk behind the CMS's back changes the stamp."""
        params = list(params)
        self.replayable = self.replayable and all(isinstance(p, JSON_SCALARS) for p in params)
        step = {"sql": sql, "params": params, "files": list(files)}
        self.steps.append(step)
        return _apply(step, self.digest, self.cursor, self.media_root)

    def hexdigest(self):
        return self.digest.hexdigest()


def replay(steps, cursor, media_root, region=None):
    """The digest the recorded `steps` give with the database's rows now (and the region's digest now)."""
    digest = hashlib.sha256()
    for step in steps:
        if "sql" in step:
            _apply(step, digest, cursor, media_root)
        elif "region" in step:
            _update(digest, region)
        else:
            _update(digest, step["value"])
    return digest.hexdigest()


def _apply(step, digest, cursor, media_root):
    cursor.execute(step["sql"], tuple(step["params"]))
    rows = cursor.fetchall()
    if step["files"]:
        rows = [[*row, *(_on_disk(media_root, row[index]) for index in step["files"])] for row in rows]
    # Rows without stored files are digested as the database gives them: JSON writes a tuple as it writes a list,
    # so the digest is the same, without copying every row into a list (a fifth of replaying the stamps).
    _update(digest, rows)
    return rows


def _on_disk(media_root, name):
    try:
        status = os.stat(os.path.join(media_root, name))
    except (OSError, TypeError, ValueError):
        return None
    return [status.st_size, status.st_mtime_ns]


def _update(digest, value):
    digest.update(json.dumps(value, default=str, sort_keys=True).encode())
