"""The nightly publish (`build.py --publish`, docs/systemd/norrbotten-build.timer) records its builds as the
publish worker records its own, so the editor's "Live on the site" and the dashboard's builds are right for
content published before the worker ever ran, or while it was not running.

Before the build, it takes the builds that wait in the queue for the kommuner it builds (this build covers
them, whenever they were due) and starts a build row for each other kommun; after it, each row gets the
kommun's outcome from the build's report (cms.publishing.worker.record). A build that could not start
because another one holds the lock puts back what it took and records nothing.
"""

import logging

from django.utils import timezone

from .models import Build, Outcome
from .worker import _is_lock_held, claim_queued, record, record_failure, requeue, requeue_orphans, worker_name

logger = logging.getLogger(__name__)


def publish_recorded(run, kommuner=None):
    """`run()` (the pipeline's publish of `kommuner`, all when None) with a recorded build per kommun; its report."""
    from cms.base.models import Kommun

    chosen = Kommun.objects.order_by("slug")
    if kommuner is not None:
        chosen = chosen.filter(slug__in=kommuner)
        if chosen.count() != len(set(kommuner)):
            return run()  # an unknown name: the build refuses it before building anything
    requeue_orphans()  # a worker killed mid-build: this build covers what it had taken
    taken = claim_queued(due_only=False, kommuner=[kommun.slug for kommun in chosen])
    covered = {build.kommun_id for build in taken}
    now, me = timezone.now(), worker_name()
    started = [
        Build.objects.create(kommun=kommun, outcome=Outcome.BUILDING, started_at=now, worker=me)
        for kommun in chosen
        if kommun.pk not in covered
    ]
    builds = [*taken, *started]
    try:
        report = run()
    except Exception as exc:
        if _is_lock_held(exc):
            requeue(taken)
            Build.objects.filter(pk__in=[build.pk for build in started]).delete()
        else:
            record_failure(builds, exc)
        raise
    record(builds, report)
    return report
