"""The search API alone, as its own public service: no admin, no sessions, read-only.

    DJANGO_SETTINGS_MODULE=cms.settings.search_api gunicorn cms.wsgi

Needs the production variables (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL)
and, for the Elasticsearch backend, ELASTICSEARCH_URL.
"""
from .production import *  # noqa: F401,F403

ROOT_URLCONF = "cms.search.urls"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",  # GET only, but check --deploy rightly asks
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# The admin app stays installed (its models and Wagtail's need it) but is not served here,
# so its middleware is not needed either.
SILENCED_SYSTEM_CHECKS = ["admin.E408", "admin.E409", "admin.E410"]
