"""The publish worker's one job: build every kommun with a queued build, publish, and record the outcome.

A task run claims all queued builds at once (each by a compare-and-set on its row, so two
workers never claim the same one), builds those kommuner in one `pipeline.run` under the
build's lock, and records each kommun's outcome and problems. A build that could not run for
a reason no kommun is to blame for (another build holds the lock, the database went away) is
queued again and retried, so nothing queued is ever lost. A worker killed mid-build leaves its
builds "building": the next task run (and every worker's start) finds that their worker
process is gone and queues them again; the pipeline's release switch is atomic, so the site
was never half-published.
"""

import logging
import os
import socket
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from . import coalesce
from .models import Build, Outcome

logger = logging.getLogger(__name__)
#: Seconds before a build that met another one's lock, or a database error, is tried again.
RETRY_SECONDS = 1


def worker_name():
    """This process as a build's `worker`: its host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def build_root():
    """The folder holding releases/ and public/ that the worker publishes into (PUBLISH_ROOT)."""
    return Path(getattr(settings, "PUBLISH_ROOT", settings.BASE_DIR))


def build_pending():
    """Build and publish every kommun with a queued build; returns {slug: outcome}."""
    requeue_orphans()
    claimed = claim_queued()
    coalesce.wake_for_waiting()  # the builds not yet due: a task at the first one's time
    if not claimed:
        return {}
    slugs = sorted({build.kommun.slug for build in claimed})
    logger.info("Building %s for %d queued build(s).", ", ".join(slugs), len(claimed))
    try:
        report = run_pipeline(slugs)
    except DatabaseError:
        logger.exception("The database went away during the build of %s; it is queued again.", ", ".join(slugs))
        requeue(claimed, retry=True)
        raise
    except Exception as exc:
        if _is_lock_held(exc):
            logger.info("Another build holds the lock; %s is queued again.", ", ".join(slugs))
            requeue(claimed, retry=True)
            return {}
        record_failure(claimed, exc)
        raise
    return record(claimed, report)


def warm_up():
    """Make, once when the worker starts, what every publish of this process reuses, so the first publish
    after a start is no slower than the next: Pelican, Jinja and Pillow imported; each language's catalog
    compiled and the message ids the templates use extracted (Babel reads every template); the region front
    door's templates and the search cards' macros compiled in each language's theme environment. Measured at
    the 21,000-page scale, these were the first publish's extra seconds (bench/bench_live.py)."""
    import cms.sitebuild.site  # noqa: F401 - Pelican, Jinja and Pillow
    from cms import languages
    from cms.theme import THEME_DIR, environment, i18n

    for code in languages.REGISTRY:
        i18n.translations(THEME_DIR, code)
        for template in WARM_TEMPLATES:
            environment(code).get_template(template)


#: The theme's templates rendered outside Pelican by every publish: the region front door
#: (cms.sitebuild.region_site) and the result cards search reindexes with (cms.search.documents).
WARM_TEMPLATES = ("region.html", "region_404.html", "macros.html")


def run_pipeline(slugs):
    from cms.sitebuild import pipeline

    return pipeline.run(build_root(), kommuner=slugs, publish=True, jobs=os.cpu_count() or 2, log=logger.info)


def _is_lock_held(exc):
    from cms.sitebuild.errors import PublishError

    return isinstance(exc, PublishError) and ".build.lock" in str(exc)


def claim_queued(due_only=True, kommuner=None):
    """The queued builds this worker now holds (outcome "building", with its name and start time): those due
    (cms.publishing.coalesce), or with `due_only` False all; of the kommuner with these slugs, when given."""
    claimed = []
    me, now, times = worker_name(), timezone.now(), coalesce.timing()
    queued = Build.objects.filter(outcome=Outcome.QUEUED).select_related("kommun").order_by("queued_at")
    if kommuner is not None:
        queued = queued.filter(kommun__slug__in=kommuner)
    for build in queued:
        if due_only and coalesce.due_at(build, times) > now:
            continue
        # A publish that joined it since it was read moved its due time: it is left to wait.
        taken = Build.objects.filter(pk=build.pk, outcome=Outcome.QUEUED, last_publish_at=build.last_publish_at).update(
            outcome=Outcome.BUILDING, started_at=now, worker=me
        )
        if taken:
            build.outcome, build.started_at, build.worker = Outcome.BUILDING, now, me
            claimed.append(build)
    return claimed


def record(claimed, report):
    """Each claimed build's outcome from the pipeline's report of its kommun."""
    results = {result.slug: result for result in report.results}
    now, outcomes = timezone.now(), {}
    for build in claimed:
        result = results.get(build.kommun.slug)
        failed = result is not None and result.status == "failed"
        build.outcome = Outcome.FAILED if failed else Outcome.LIVE
        build.problems = list(result.problems) if failed else []
        build.left_out = list(result.left_out) if result is not None and not failed else []
        build.finished_at = now
        build.save(update_fields=["outcome", "problems", "left_out", "finished_at"])
        outcomes[build.kommun.slug] = build.outcome
    return outcomes


def record_failure(claimed, exc):
    """A build that stopped as a whole (a full disk, an unwritable folder): every claimed kommun failed."""
    from cms.base.exceptions import NorrbottenError

    # The project's own errors are sentences for the editor; any other (a KeyError('title')) is for the operators' log.
    problem = (
        f"The build stopped: {exc}"
        if isinstance(exc, NorrbottenError)
        else "The build stopped on a fault in the build program, not in the content; the site keeps its previous "
        "version, and the operators' log names the fault."
    )
    for build in claimed:
        build.outcome, build.finished_at = Outcome.FAILED, timezone.now()
        build.problems = [problem]
        build.save(update_fields=["outcome", "problems", "finished_at"])


def requeue(builds, retry=False):
    """Put builds back in the queue (joining a build of the same kommun that already waits)."""
    from .queue import publish_pending

    for build in builds:
        try:
            with transaction.atomic():
                Build.objects.filter(pk=build.pk).update(outcome=Outcome.QUEUED, started_at=None, worker="")
        except IntegrityError:  # a later publish of that kommun already waits: it covers this one
            Build.objects.filter(pk=build.pk).delete()
    if builds:
        task = publish_pending.using(run_after=timezone.now() + timedelta(seconds=RETRY_SECONDS)) if retry else None
        (task or publish_pending).enqueue()


def requeue_orphans():
    """Queue again the builds whose worker process on this host has died (killed mid-build)."""
    host = f"{socket.gethostname()}:"
    orphans = [
        build
        for build in Build.objects.filter(outcome=Outcome.BUILDING, worker__startswith=host)
        if not _alive(int(build.worker.rsplit(":", 1)[1]))
    ]
    if orphans:
        logger.warning("Queueing again %d build(s) whose worker died mid-build.", len(orphans))
        requeue(orphans)
    return orphans


def requeue_own():
    """Queue again the builds this process had claimed when the database went away under it."""
    own = list(Build.objects.filter(outcome=Outcome.BUILDING, worker=worker_name()))
    requeue(own)
    return own


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True
