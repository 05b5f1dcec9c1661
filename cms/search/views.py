"""The public, read-only search API: housing, activities, jobs and the whole site.

GET only; answers in JSON; a bad parameter gets a 400 naming it; CORS is open to
the microsites' own origins only; each client is rate-limited. Nothing here writes.
"""

import logging
import math

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.base.public_endpoints import rate_limited as limit_rate
from cms.base.public_endpoints import site_unavailable, with_cors

from .backends import get_backend
from .query import QueryError, parse

logger = logging.getLogger(__name__)

ENDPOINTS = {"housing": "housing", "activities": "activity", "jobs": "job", "site": "all"}


def error(status, message, parameter=None, **headers):
    response = JsonResponse({"error": message, "parameter": parameter}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def rate_limited(request):
    """True when this client has made more than SEARCH_RATE_LIMIT searches this minute."""
    return limit_rate(request, "search", getattr(settings, "SEARCH_RATE_LIMIT", 600))


def parameters(request):
    values = {}
    for name, items in request.GET.lists():
        if len(items) > 1:
            raise QueryError(name, f"{name} is given {len(items)} times; give it once (lists are comma-separated).")
        values[name] = items[0]
    return values


@csrf_exempt  # read-only: any other method (POST, QUERY, ...) meets the 405 below, not the CSRF middleware's 403
@require_http_methods(["GET", "HEAD", "OPTIONS"])
def search(request, endpoint):
    if request.method == "OPTIONS":
        return with_cors(request, JsonResponse({}))
    if rate_limited(request):
        return with_cors(request, error(429, "Too many searches from this client; wait a minute.", Retry_After="60"))
    try:
        query = parse(ENDPOINTS[endpoint], parameters(request))
    except QueryError as exc:
        return with_cors(request, error(400, exc.message, exc.parameter))
    unavailable = site_unavailable(request, query.kommuner)
    if unavailable:
        return unavailable
    try:
        result = get_backend().search(query)
    except Exception:  # the microsite falls back to its static index
        logger.exception("The search backend failed.")
        return with_cors(request, error(503, "Search is unavailable right now; try again soon.", Retry_After="30"))
    body = {
        "total": result.total,
        "page": query.page,
        "page_size": query.page_size,
        "pages": math.ceil(result.total / query.page_size) if result.total else 0,
        "language": query.language,
        "sort": query.sort,
        "hits": result.hits,
        "facets": result.facets,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60"
    return with_cors(request, response)


@csrf_exempt  # read-only, like search
@require_http_methods(["GET", "HEAD"])
def openapi(request):
    from .openapi import document

    return with_cors(
        request, JsonResponse(document(request.build_absolute_uri("/")), json_dumps_params={"ensure_ascii": False})
    )
