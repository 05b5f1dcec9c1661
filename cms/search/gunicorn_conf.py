"""gunicorn settings for the search service: each worker loads its search columns before it
takes requests, so no visitor waits for a load.

    DJANGO_SETTINGS_MODULE=cms.settings.public_api gunicorn -c python:cms.search.gunicorn_conf cms.wsgi
"""

import multiprocessing

workers = 2 * multiprocessing.cpu_count() + 1


def post_worker_init(worker):
    from cms.search.backends import get_backend

    backend = get_backend()
    if hasattr(backend, "warm"):
        backend.warm()
