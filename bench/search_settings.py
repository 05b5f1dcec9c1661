"""The public service alone, as cms.settings.public_api serves it, for the search and events
benchmarks: development secrets, no rate limits (the load tool is one very busy client)."""

from bench.settings import *  # noqa: F401,F403
from cms.settings.public_service import *  # noqa: F401,F403

SEARCH_RATE_LIMIT = 0
EVENTS_RATE_LIMIT = 0
