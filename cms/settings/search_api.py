"""The search API alone, as its own public service: no admin, no sessions, read-only.

    DJANGO_SETTINGS_MODULE=cms.settings.search_api gunicorn cms.wsgi

Needs the production variables (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL)
and, for the Elasticsearch backend, ELASTICSEARCH_URL.
"""
from .production import *  # noqa: F401,F403

from .search_service import *  # noqa: F401,F403,E402
