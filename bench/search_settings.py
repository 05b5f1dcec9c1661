"""The search service alone, as cms.settings.search_api serves it, for the search benchmark:
development secrets, no rate limit (the load tool is one very busy client)."""
from bench.settings import *  # noqa: F401,F403
from cms.settings.search_service import *  # noqa: F401,F403

SEARCH_RATE_LIMIT = 0
