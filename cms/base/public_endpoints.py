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
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse


@lru_cache(maxsize=1)
def _origin_patterns():
    from .site_config import site_configs

    exact = {f"https://{config.domain}" for config in site_configs().values()}
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
    `Origin: null` is what a sandboxed frame, a `data:` page or a file sends: no microsite
    page, so it is refused like any other foreign origin.
    """
    origin = request.headers.get("Origin", "")
    return bool(origin) and not allowed_origin(origin) and not _same_host(request, origin)


def _same_host(request, origin):
    return origin.split("://", 1)[-1] == request.get_host()


def client_address(request):
    """The address of the client, as the last trusted proxy saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For, and a
    client may send the header with anything in it already. So with TRUSTED_PROXY_COUNT
    proxies in front of the service (nginx alone: 1), the client is the value that many
    places from the right; the values left of it are the client's own words. Without
    trusted proxies, or with fewer values than proxies, it is the connection's address.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [value.strip() for value in request.headers.get("X-Forwarded-For", "").split(",") if value.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return address


def client_key(request):
    """A short-lived, hashed client key: the address itself is never stored."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:24]


def rate_limited(request, scope, limit, window=60):
    """True when this client has made more than `limit` requests to `scope` within `window` seconds
    of its first one.

    The counter lives in the default cache, which every worker and host shares (the database cache,
    or Redis with REDIS_URL): `add` starts it with the window as its lifetime, and `incr` counts
    atomically (INCR in Redis, a locked row in the database cache), so no two workers count the
    same request once. The key is a hash of the address and expires with the window.
    """
    if not limit:
        return False
    key = f"rate:{scope}:{client_key(request)}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # it expired between add and incr: this request begins a new window
        cache.add(key, 1, timeout=window)
        return False
    if count == 1:  # Redis's INCR re-created a key that expired after its EXISTS: give it the window
        cache.set(key, 1, timeout=window)
    return count > limit


def body_too_large(request, limit):
    """True when the request declares, or carries, more than `limit` bytes.

    Checked before Django reads the body, so an oversized request costs nothing."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return declared > limit


def site_unavailable(request, slugs, *, as_json=True, methods="GET"):
    """A 503 saying so when one of these kommuner's `sites/<slug>.toml` is not valid, else None.

    A broken site file takes out its own kommun's endpoints only; the sentence says what the
    visitor can do (the file's problems are for `manage.py check` and the build, not the public)."""
    from .site_config import broken_sites

    broken = sorted(slug for slug in slugs if slug in broken_sites())
    if not broken:
        return None
    message = (
        f"The microsite of {', '.join(broken)} is unavailable while its configuration is being corrected; "
        "please try again later."
    )
    if as_json:
        response = JsonResponse({"error": message, "parameter": "kommun"}, status=503)
    else:
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "3600"
    return with_cors(request, response, methods=methods)
