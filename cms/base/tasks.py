"""Wagtail's background work (reference index, search index) run once per object in a bulk load.

Wagtail enqueues a task after every save of a page, image or snippet to update its reference
index and its search index entry. Run immediately (the default backend), a demo load that
saves a page four or five times (created, revision, published, translated) redoes that work
each time: a third of the load. Inside `once_each()` each distinct task waits and runs once
when the block ends, on what the objects finally are, so the indexes end as they would have;
the search index entries are written a model at a time (`index_together`), as Wagtail's
`update_index` writes them, instead of one object at a time.
"""

import json
import logging
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)
_pending = ContextVar("tasks_pending", default=None)
#: The task Wagtail's search enqueues after each save (named, not imported: it is made with this backend).
SEARCH_INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"


def _key(task, args, kwargs):
    return (task.module_path, json.dumps([args, kwargs], default=str))


class OncePerObjectBackend(ImmediateBackend):
    """django-tasks' immediate backend that holds back repeated tasks inside `once_each()`."""

    def enqueue(self, task, args, kwargs):
        pending = _pending.get()
        if pending is not None and (held := pending.get(_key(task, args, kwargs))) is not None:
            return held[1]  # already waiting: the block's end runs it on the object as it is then
        return super().enqueue(task, args, kwargs)

    def _execute_task(self, task_result):
        pending = _pending.get()
        if pending is None:
            return super()._execute_task(task_result)
        pending.setdefault(_key(task_result.task, task_result.args, task_result.kwargs), (self, task_result))
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
    to_index = defaultdict(list)
    for backend, task_result in pending.values():
        if task_result.task.module_path == SEARCH_INDEX_TASK:
            app_label, model_name, pk = task_result.args
            to_index[(app_label, model_name)].append(pk)
        else:
            backend._execute_task(task_result)
    for (app_label, model_name), pks in to_index.items():
        index_together(apps.get_model(app_label, model_name), pks)


def index_together(model, pks):
    """What `insert_or_update_object_task` does for each of `pks`, in one write per search backend."""
    from modelsearch.backends import get_search_backends_with_name
    from modelsearch.index import get_indexed_instance

    by_model = defaultdict(list)
    for instance in model.objects.filter(pk__in=pks).order_by("pk"):
        indexed = get_indexed_instance(instance)
        if indexed is not None:
            by_model[type(indexed)].append(indexed)
    for backend_name, backend in get_search_backends_with_name(with_auto_update=True):
        for indexed_model, instances in by_model.items():
            try:
                backend.add_bulk(indexed_model, instances)
            except Exception:
                logger.exception("Could not add %s %s to the '%s' search backend.", indexed_model, pks, backend_name)
                if not backend.catch_indexing_errors:
                    raise
