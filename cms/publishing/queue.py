"""Queue a rebuild of the kommuner a publish affects, once per kommun, on django-tasks' database backend.

A publish notes what it touched (a kommun, a page's path, or the whole region); when its
transaction commits, each affected kommun gets a queued `Build` unless one already waits
(the constraint of one queued build per kommun), and only then is a `publish_pending` task
enqueued on the "publishing" backend (django-tasks-db), to run when the build is due. A burst of
publishes therefore queues one build per kommun, which waits for a quiet moment (cms.publishing.coalesce),
and one task run builds every waiting kommun that is due at once.
"""

import logging
import threading
import time
from collections import defaultdict

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django_tasks import task

from . import coalesce
from .affected import ALL, kommuner_of_paths, kommuner_of_rows
from .models import Build, Outcome

logger = logging.getLogger(__name__)
#: The django-tasks backend (settings.TASKS) and queue the publish worker takes.
BACKEND = "publishing"
QUEUE = "publishing"
#: Retries of the queue's writes while the database is briefly unavailable (seconds between them).
RETRY_DELAYS = (0.5, 1, 2, 4, 8)

_touched = threading.local()  # this thread's batch of noted targets, until the transaction commits


class _Batch:
    """What one transaction noted; queued by its commit, dropped with its rollback."""

    def __init__(self):
        self.targets = set()
        self.done = False

    def commit(self):
        self.done = True
        queue_rebuilds(self.targets)


def note(target, using="default"):
    """Remember that the current transaction changed something shown by `target` (a kommun id,
    ("path", page path), ("row", model, pk) or ALL); the kommuner are queued once it commits.

    One batch per transaction: a transaction saving a thousand pages queues each kommun once. A
    batch whose transaction rolled back is gone with it (Django drops its commit callback), so what
    it noted never queues a build with a later transaction's targets."""
    connection = transaction.get_connection(using)
    batch = getattr(_touched, "batch", None)
    # `batch.commit` is a new bound method at each access: equal to the one registered, never `is` it
    pending = (
        batch is not None
        and not batch.done
        and any(callback == batch.commit for _savepoints, callback, *_robust in connection.run_on_commit)
    )
    if pending:
        batch.targets.add(target)
        return
    batch = _touched.batch = _Batch()
    batch.targets.add(target)
    transaction.on_commit(batch.commit, using=using)


def kommuner_for(targets):
    """The kommun ids the noted targets affect."""
    from cms.base.models import Kommun

    paths = [t[1] for t in targets if isinstance(t, tuple) and t[0] == "path"]
    ids = {t for t in targets if isinstance(t, int)}
    if paths:
        ids |= set(kommuner_of_paths(paths).values())
    rows = defaultdict(list)
    for target in targets:
        if isinstance(target, tuple) and target[0] == "row":
            rows[target[1]].append(target[2])
    for model, pks in rows.items():
        ids |= kommuner_of_rows(model, pks)
    if ALL in targets or ALL in ids:
        return set(Kommun.objects.values_list("pk", flat=True))
    return ids


def queue_rebuilds(targets):
    """Queue a build of each kommun the targets affect; retried while the database is unavailable."""
    if not targets:
        return
    for delay in (*RETRY_DELAYS, None):
        try:
            return enqueue_builds(kommuner_for(targets))
        except OperationalError:
            if delay is None:
                logger.exception("Could not queue the rebuild of %s; the nightly publish will include it.", targets)
                return
            logger.warning("The database is unavailable; queueing the rebuild again in %s s.", delay)
            time.sleep(delay)


def enqueue_builds(kommun_ids):
    """A queued build for each kommun with none waiting, and a task to run it when it is due (cms.publishing.coalesce);
    a kommun whose build waits already joins it, which moves its due time. Returns the new builds."""
    created, now = [], timezone.now()
    for kommun_id in sorted(kommun_ids):
        try:
            with transaction.atomic():
                if _join(kommun_id, now):
                    continue
                build = Build.objects.create(
                    kommun_id=kommun_id, last_publish_at=now, storm=coalesce.in_storm(kommun_id)
                )
                publish_pending.using(run_after=coalesce.due_at(build)).enqueue()
        except IntegrityError:  # another process queued it between the look and the insert: join that one
            _join(kommun_id, now)
            continue
        created.append(build)
    return created


def _join(kommun_id, now):
    """Join the kommun's waiting build, if one waits; its task, woken at the old due time, looks again."""
    return Build.objects.filter(kommun_id=kommun_id, outcome=Outcome.QUEUED).update(last_publish_at=now)


@task(backend=BACKEND, queue_name=QUEUE)
def publish_pending():
    """Build and publish every kommun with a queued build (cms.publishing.worker)."""
    from .worker import build_pending

    return build_pending()
