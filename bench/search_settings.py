"""The search service alone, as cms.settings.public_api serves it, for the search benchmark:
development secrets, no rate limit (the load tool is one very busy client)."""
from bench.settings import *  # noqa: F401,F403
from cms.settings.public_service import *  # noqa: F401,F403

SEARCH_RATE_LIMIT = 0
