"""The nginx configuration a deployment serves the microsites with (`manage.py nginx_config`).

Made from what the project already declares, so it cannot drift from it: the sites and their host
names and languages (sites/*.toml), the public service's addresses (cms.public_urls), and the
Content-Security-Policy the theme's inline code needs (cms.base.csp). docs/deployment.md says how
to install it.
"""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import URLResolver, get_resolver

from cms import languages
from cms.base import csp
from cms.theme import assets

#: Answers that never change under their name (renditions and the theme's files are named by their content's hash).
IMMUTABLE = "public, max-age=31536000, immutable"
#: The theme's files under their hashed names (cms.theme.assets), as an nginx regular expression.
FINGERPRINTED = rf"^{assets.URL_PREFIX}.+\.[0-9a-f]{{{assets.HASH_LENGTH}}}\.[a-z0-9]+$"
#: Files kept under one name across builds: logos, documents.
STATIC = "public, max-age=3600"
#: Pages, feeds and indexes: a new build is live for everyone within minutes.
PAGES = "public, max-age=300"
HSTS = "max-age=31536000; includeSubDomains; preload"  # as cms.settings.production's SECURE_HSTS_*


@dataclass
class Options:
    """How one deployment serves the sites; the command's options, documented there."""

    public_root: Path
    upstream: str = "http://127.0.0.1:8001"
    plain_http: bool = False
    listen: str = "80"
    listen_tls: str = "443"
    certificate: str = "/etc/letsencrypt/live/{domain}/fullchain.pem"
    certificate_key: str = "/etc/letsencrypt/live/{domain}/privkey.pem"
    redirect_http: bool = True
    local_hosts: bool = False
    standalone: Path | None = None
    user: str = ""


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def public_service_locations():
    """The public service's addresses as nginx locations: a prefix where a route takes parameters
    (`/api/search/`), the exact address where it does not (`= /api/events`)."""
    routes = sorted(set(_routes(get_resolver("cms.public_urls").url_patterns)))
    prefixes = sorted({"/" + route.split("<", 1)[0] for route in routes if "<" in route})
    exact = sorted("/" + route for route in routes if "<" not in route)
    return prefixes + [f"= {path}" for path in exact if not path.startswith(tuple(prefixes))]


def security_headers(tls):
    """The headers every answer carries, as the public service's own (cms.settings.public_api: Django's
    SecurityMiddleware and XFrameOptionsMiddleware, and cms.base.middleware) do."""
    headers = {
        "Content-Security-Policy": csp.policy(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if tls:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def configuration(configs, options):
    """The configuration (text) serving the sites in `configs` (SiteConfig objects) as `options` say."""
    tls = not options.plain_http
    sites = [
        {
            "name": config.name,
            "host": config.dev_hostname if options.local_hosts else config.domain,
            "root": Path(options.public_root) / config.slug,
            "languages": config.languages,
            "certificate": options.certificate.format(domain=config.domain, slug=config.slug),
            "certificate_key": options.certificate_key.format(domain=config.domain, slug=config.slug),
        }
        for config in configs
    ]
    region = settings.REGION_DOMAIN
    sites.append(  # the region front door (cms.sitebuild.region_site), in every language the platform has
        {
            "name": "Norrbotten (region front door)",
            "host": "region.localhost" if options.local_hosts else region,
            "root": Path(options.public_root) / "region",
            "languages": list(languages.CODES),
            "certificate": options.certificate.format(domain=region, slug="region"),
            "certificate_key": options.certificate_key.format(domain=region, slug="region"),
        }
    )
    service_host = urlsplit(settings.PUBLIC_API_URL).hostname
    service = service_host and {  # the public service on a host of its own (PUBLIC_API_URL)
        "host": service_host,
        "certificate": options.certificate.format(domain=service_host, slug="public-service"),
        "certificate_key": options.certificate_key.format(domain=service_host, slug="public-service"),
    }
    locations = public_service_locations()
    return render_to_string(
        "nginx/norrbotten.conf",
        {
            "sites": sites,
            "service": service,
            "options": options,
            "tls": tls,
            "headers": security_headers(tls),
            "locations": locations,
            "upstream": options.upstream.rstrip("/"),
            # a map's key is an exact $uri, or a regular expression after ~
            "service_map_keys": [
                location[2:] if location.startswith("= ") else f"~^{location}" for location in locations
            ],
            "immutable": IMMUTABLE,
            "fingerprinted": FINGERPRINTED,
            "static": STATIC,
            "pages": PAGES,
        },
    )
