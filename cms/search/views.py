"""The public, read-only search API: housing, activities, jobs and the whole site.

GET only; answers in JSON; a bad parameter gets a 400 naming it; CORS is open to
the microsites' own origins only; each client is rate-limited. Nothing here writes.
"""
import hashlib
import logging
import math
import re
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.views.decorators.http import require_http_methods

from .backends import get_backend
from .query import QueryError, parse

logger = logging.getLogger(__name__)

ENDPOINTS = {"housing": "housing", "activities": "activity", "jobs": "job", "site": "all"}


def error(status, message, parameter=None, **headers):
    response = JsonResponse({"error": message, "parameter": parameter}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@lru_cache(maxsize=1)
def _origin_patterns():
    from cms.base.site_config import load_all_sites

    exact = {f"https://{config.domain}" for config in load_all_sites().values()}
    patterns = [re.compile(p) for p in getattr(settings, "SEARCH_CORS_ORIGIN_PATTERNS", [])]
    return exact, patterns


def allowed_origin(origin):
    exact, patterns = _origin_patterns()
    return bool(origin) and (origin in exact or any(p.fullmatch(origin) for p in patterns))


def _with_cors(request, response):
    origin = request.headers.get("Origin", "")
    if allowed_origin(origin):
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = "GET"
        response["Access-Control-Max-Age"] = "86400"
    response["Vary"] = "Origin"
    return response


def _client_key(request):
    """A short-lived, hashed client key: the address itself is never stored."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "SEARCH_TRUST_X_FORWARDED_FOR", False):
        address = request.headers.get("X-Forwarded-For", address).split(",")[0].strip()
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]


def rate_limited(request):
    """True when this client has made more than SEARCH_RATE_LIMIT requests this minute."""
    limit = getattr(settings, "SEARCH_RATE_LIMIT", 600)
    if not limit:
        return False
    key = f"search-rate:{_client_key(request)}:{int(time.time() // 60)}"
    if cache.add(key, 1, timeout=70):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        return False


def parameters(request):
    values = {}
    for name, items in request.GET.lists():
        if len(items) > 1:
            raise QueryError(name, f"{name} is given {len(items)} times; give it once (lists are comma-separated).")
        values[name] = items[0]
    return values


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def search(request, endpoint):
    if request.method == "OPTIONS":
        return _with_cors(request, JsonResponse({}))
    if rate_limited(request):
        return _with_cors(request, error(429, "Too many searches from this client; wait a minute.", Retry_After="60"))
    try:
        query = parse(ENDPOINTS[endpoint], parameters(request))
    except QueryError as exc:
        return _with_cors(request, error(400, exc.message, exc.parameter))
    try:
        result = get_backend().search(query)
    except Exception:  # the microsite falls back to its static index
        logger.exception("The search backend failed.")
        return _with_cors(request, error(503, "Search is unavailable right now; try again soon.", Retry_After="30"))
    body = {
        "total": result.total, "page": query.page, "page_size": query.page_size,
        "pages": math.ceil(result.total / query.page_size) if result.total else 0,
        "language": query.language, "sort": query.sort,
        "hits": result.hits, "facets": result.facets,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60"
    return _with_cors(request, response)


@require_http_methods(["GET", "HEAD"])
def openapi(request):
    from .openapi import document

    return _with_cors(request, JsonResponse(document(request.build_absolute_uri("/")), json_dumps_params={"ensure_ascii": False}))
