"""The public service alone, as its own service on the internet: no admin, no sessions.

    DJANGO_SETTINGS_MODULE=cms.settings.public_api gunicorn -c python:cms.search.gunicorn_conf cms.wsgi

It serves what the static microsites reach: the read-only search API and search pages,
and the small write-only endpoints (see cms.public_urls). Needs the production variables
(DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL) and, for the Elasticsearch
backend, ELASTICSEARCH_URL.
"""

from .production import *  # noqa: F401,F403
from .public_service import *  # noqa: F401,F403,E402
