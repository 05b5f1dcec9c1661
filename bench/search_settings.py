"""The search service alone, as cms.settings.search_api serves it, for the search benchmark:
development secrets, no rate limit (the load tool is one very busy client)."""
from bench.settings import *  # noqa: F401,F403

ROOT_URLCONF = "cms.search.urls"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",  # GET only, but check --deploy rightly asks
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SEARCH_RATE_LIMIT = 0
SILENCED_SYSTEM_CHECKS = ["admin.E408", "admin.E409", "admin.E410"]  # as cms.settings.search_api
