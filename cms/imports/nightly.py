"""The imports the nightly publish runs before it builds: every kommun's housing feeds, then JobTech.

Each source is isolated: one that cannot be read, or crashes, is recorded as failed with
its error and the next one runs; nothing here stops the build. The log has one line per
source; the rejected records themselves are in the admin's Imports report.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from cms.base.exceptions import NorrbottenError

from .runs import ImportFailed, recorded_run

logger = logging.getLogger(__name__)


@dataclass
class Source:
    """One thing to import: what it is called, where it is read from, and the call that imports it."""

    kind: str
    name: str
    location: str
    work: Callable
    kommun: object = None


def sources(kommuner=None):
    """The housing feeds configured in `sites/` (of the given kommuner, or all), then JobTech if
    `JOBTECH_SOURCE` names a URL or file."""
    from cms.base.models import Kommun
    from cms.base.site_config import broken_sites
    from cms.jobs import jobtech

    from .housing.load import import_feed, source_name

    rows = Kommun.objects.order_by("slug")
    if kommuner:
        rows = rows.filter(slug__in=kommuner)
    for kommun in rows:
        if kommun.slug in broken_sites():  # its build fails and names the file; its feeds wait for the fix
            continue
        for feed in kommun.config.housing_feeds:
            yield Source(
                "housing",
                source_name(kommun, feed),
                feed.location,
                lambda kommun=kommun, feed=feed: import_feed(kommun, feed),
                kommun,
            )
    if settings.JOBTECH_SOURCE:
        yield Source(
            "jobs", jobtech.SOURCE, settings.JOBTECH_SOURCE, lambda: jobtech.import_source(settings.JOBTECH_SOURCE)
        )


def run_imports(kommuner=None, log=print):
    """Import every source, each on its own; returns the ImportRun of each, failed ones included."""
    runs = []
    for source in sources(kommuner):
        try:
            run, report = recorded_run(source.kind, source.name, source.location, source.work, kommun=source.kommun)
        except ImportFailed as failure:  # recorded; it stops neither the other sources nor the build
            if not isinstance(failure.__cause__, NorrbottenError):
                logger.error("The import of %s crashed.", source.name, exc_info=failure.__cause__)
            log(f"Import {source.name}: FAILED: {failure}")
            runs.append(failure.run)
            continue
        details = " (the rejected records are in the admin's Imports report)" if report.rejected else ""
        log(f"Import {source.name}: {report.outcome()}{details}")
        runs.append(run)
    return runs
