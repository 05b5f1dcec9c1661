"""Guards for the endpoints the public reaches from the static microsites.

The microsites are static files on another origin, so every endpoint they call (search,
experiment events, submitted activities, the coordinator's contact form) needs the same
few rules: CORS only for the microsites' own origins, a rate limit per client that never
stores the client's address, and a cap on what a request may carry. They live here once.

These endpoints are anonymous and set no cookies, so there is no session for a forged
request to ride on: CSRF tokens protect nothing here, and the write endpoints are exempt.
What stands in for them is the origin check (`origin_refused`), the rate limit and the
size cap.
"""
import hashlib
import re
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache


@lru_cache(maxsize=1)
def _origin_patterns():
    from .site_config import load_all_sites

    exact = {f"https://{config.domain}" for config in load_all_sites().values()}
    patterns = [re.compile(p) for p in getattr(settings, "MICROSITE_ORIGIN_PATTERNS", [])]
    return exact, patterns


def allowed_origin(origin):
    """True for the https origin of a microsite's domain, or one matching MICROSITE_ORIGIN_PATTERNS."""
    exact, patterns = _origin_patterns()
    return bool(origin) and (origin in exact or any(p.fullmatch(origin) for p in patterns))


def with_cors(request, response, methods="GET"):
    """Let a microsite's scripts read the response (and nobody else's)."""
    origin = request.headers.get("Origin", "")
    if allowed_origin(origin):
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = methods
        response["Access-Control-Allow-Headers"] = "Content-Type"
        response["Access-Control-Max-Age"] = "86400"
    response["Vary"] = "Origin"
    return response


def origin_refused(request):
    """True when a browser says the request comes from a page that is not a microsite.

    Browsers send Origin with every POST; a request without one (a script, curl) is left
    to the rate limit and the validation, since a header is no proof of anything there.
    """
    origin = request.headers.get("Origin", "")
    return bool(origin) and origin != "null" and not allowed_origin(origin) and not _same_host(request, origin)


def _same_host(request, origin):
    return origin.split("://", 1)[-1] == request.get_host()


def client_key(request):
    """A short-lived, hashed client key: the address itself is never stored."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        address = request.headers.get("X-Forwarded-For", address).split(",")[0].strip()
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]


def rate_limited(request, scope, limit, window=60):
    """True when this client has made more than `limit` requests to `scope` in this window
    (seconds). The counter is a hashed key in the cache that expires with the window."""
    if not limit:
        return False
    key = f"rate:{scope}:{client_key(request)}:{int(time.time() // window)}"
    if cache.add(key, 1, timeout=window + 10):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        return False


def body_too_large(request, limit):
    """True when the request declares, or carries, more than `limit` bytes.

    Checked before Django reads the body, so an oversized request costs nothing."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return declared > limit
