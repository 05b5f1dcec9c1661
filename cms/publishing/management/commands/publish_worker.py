"""`manage.py publish_worker`: the long-running worker that makes every publish live.

django-tasks-db's own worker loop (`db_worker`) on the "publishing" queue, started after one
pass over what an earlier worker left (builds queued, or building when it was killed), and
kept alive through a database that is briefly unavailable: it waits and takes the queue again.
"""

import logging
import os
import signal
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections
from django_tasks_db.management.commands.db_worker import Worker

from cms.publishing.queue import BACKEND, QUEUE
from cms.publishing.worker import build_pending, requeue_own, warm_up, worker_name

logger = logging.getLogger("cms.publishing")
#: Seconds between looks at the queue when it is empty: a publish waits at most this long to start building.
INTERVAL = 0.2
#: Seconds to wait before trying the database again after it was unavailable.
RECONNECT_SECONDS = 1


class Command(BaseCommand):
    help = "Build and publish each kommun as its editors publish (run it beside the CMS; Ctrl+C stops it)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=INTERVAL, help="seconds between looks at the queue")
        parser.add_argument("--batch", action="store_true", help="build what is queued, then exit")
        parser.add_argument(
            "--stop-with-parent",
            nargs="?",
            type=int,
            const=0,
            metavar="PID",
            help="stop when the process that started it ends; build.py --serve passes its own PID, so a server "
            "killed while the worker was still starting is noticed too",
        )
        parser.add_argument("--output", type=Path, help="folder holding releases/ and public/ (default: PUBLISH_ROOT)")

    def handle(self, *, interval, batch, output, stop_with_parent, verbosity, **options):
        if stop_with_parent is not None:
            parent = stop_with_parent or os.getppid()
            threading.Thread(target=_stop_when_orphaned, args=(parent,), daemon=True).start()
        if output:
            settings.PUBLISH_ROOT = output
        if not logger.handlers and verbosity:
            logger.addHandler(logging.StreamHandler(self.stdout))
            logger.setLevel(logging.INFO)
            logger.propagate = False
        name = worker_name()
        worker = Worker(
            queue_names=[QUEUE],
            interval=interval,
            batch=batch,
            backend_name=BACKEND,
            startup_delay=False,
            max_tasks=None,
            worker_id=name,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        warm_up()  # what every publish reuses is made now, not by the first publish

        self.stdout.write(f"Publish worker {name} is taking the publishing queue.")
        self.stdout.flush()
        while True:
            try:
                worker.running_task = True  # a stop asked for now waits for this build, as for a task's
                requeue_own()  # a build the database cut short is built again
                build_pending()  # what an earlier worker left, before waiting for new publishes
                worker.running_task = False
                if worker.running:
                    worker.run()
                return
            except DatabaseError as exc:
                worker.running_task = False
                if not worker.running:
                    return
                logger.warning("The database is unavailable (%s); trying again in %s s.", exc, RECONNECT_SECONDS)
                connections.close_all()
                time.sleep(RECONNECT_SECONDS)


def _stop_when_orphaned(parent):
    """SIGTERM to this worker (a graceful stop) once the process that started it, `parent`, is gone (this
    worker's parent is then another process: init, or a subreaper)."""
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)
