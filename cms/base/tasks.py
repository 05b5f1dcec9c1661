"""Wagtail's background work (reference index, search index) run once per object in a bulk load.

Wagtail enqueues a task after every save of a page, image or snippet to update its reference
index and its search index entry. Run immediately (the default backend), a demo load that
saves a page four or five times (created, revision, published, translated) redoes that work
each time: a third of the load. Inside `once_each()` each distinct task waits and runs once
when the block ends, on what the objects finally are, so the indexes end as they would have.
"""

import json
from contextlib import contextmanager
from contextvars import ContextVar

from django_tasks.backends.immediate import ImmediateBackend

_pending = ContextVar("tasks_pending", default=None)


class OncePerObjectBackend(ImmediateBackend):
    """django-tasks' immediate backend that holds back repeated tasks inside `once_each()`."""

    def _execute_task(self, task_result):
        pending = _pending.get()
        if pending is None:
            return super()._execute_task(task_result)
        key = (task_result.task.module_path, json.dumps([task_result.args, task_result.kwargs], default=str))
        pending.setdefault(key, (self, task_result))
        return None


@contextmanager
def once_each():
    """Tasks enqueued inside run once per distinct call, in order, when the block ends without error."""
    pending = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for backend, task_result in pending.values():
        backend._execute_task(task_result)
