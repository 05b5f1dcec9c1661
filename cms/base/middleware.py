"""Middleware of the public service."""

from cms.base import csp


class ContentSecurityPolicyMiddleware:
    """Sends the microsites' Content-Security-Policy (cms.base.csp) with every answer of the public service.

    Its search pages and form answers are the microsites' own published pages, filled in: they inline the
    same stylesheet and script as the static pages, and reached directly (the service on a host of its own)
    they must be as strict as when the web server serves them. Django's SecurityMiddleware sends the rest
    (HSTS, nosniff, the referrer policy; see cms.settings.production).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", csp.policy())
        return response
