"""The Content-Security-Policy the microsites and the public service send, and the inline code it allows.

The theme inlines its stylesheet (nothing render-blocking before the first paint) and, on a page with a
running experiment, a tiny script that picks the variant before that paint. A strict policy allows exactly
these by their SHA-256 hashes instead of 'unsafe-inline'. The inline pieces are made here, from the theme's
files and each site's brand colours, both for the build to write and for the policy to hash: the policy
that the web server (`manage.py nginx_config`) and the public service (cms.base.middleware) send therefore
allows every page a build of the same theme and sites/ writes, however the content changes. The build
checks its pages against it (cms.sitebuild.checks), so a theme change that forgets this module fails the build.
"""

import base64
import hashlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

THEME_DIR = Path(settings.BASE_DIR) / "themes" / "norrbotten"
#: The video players a page may frame, once the visitor clicks a video's placeholder (cms.stories.blocks
#: makes player addresses for these only).
PLAYER_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")


#: The region front door's own brand colours (cms.sitebuild.region_site): Norrbotten's dark blue and birch.
REGION_BRAND = ("#1f4e79", "#e8dcc2")


def site_stylesheet(primary, accent):
    """The stylesheet every page of a site inlines: the theme's, after the site's brand colours."""
    css = (THEME_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")
    return f":root{{--brand:{primary};--accent:{accent}}}" + css


def experiment_stylesheet():
    """The stylesheet a page with a running experiment inlines: shows the variant the picker chose."""
    return (THEME_DIR / "static" / "css" / "experiments.css").read_text(encoding="utf-8")


def experiment_picker():
    """The script a page with a running experiment inlines in its head. It is the same on every page (the
    experiment's plan is a JSON data block before it), so one hash allows it everywhere."""
    return (THEME_DIR / "inline" / "experiment-picker.js").read_text(encoding="utf-8").strip()


def source_hash(text):
    """The CSP source expression allowing an inline element whose content is `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def content_security_policy(configs):
    """The policy for the sites in `configs` (SiteConfig objects): one for all of them, so the public service
    that fills in any kommun's page sends the very policy the web server sends for the static pages."""
    brands = {(c.brand.primary, c.brand.accent) for c in configs} | {REGION_BRAND}  # the region front door's too
    styles = sorted({source_hash(site_stylesheet(*brand)) for brand in brands})
    styles.append(source_hash(experiment_stylesheet()))
    scripts = [source_hash(experiment_picker())]
    # The search API, the forms and the events beacons are on the public service: this host by default.
    service = " ".join(filter(None, ["'self'", _origin(settings.PUBLIC_API_URL)]))
    # On a host of its own, the pages the service answers with load their scripts and images from the microsite.
    sites = sorted({_origin(c.microsite_url()) for c in configs}) if settings.PUBLIC_API_URL else []
    return "; ".join(
        [
            "default-src 'none'",
            " ".join(["script-src 'self'", *sites, *scripts]),
            f"style-src 'self' {' '.join(styles)}",
            # Pannellum, the tours' panorama viewer, draws the image it fetched from a blob: and its buttons from data:
            " ".join(["img-src 'self'", *sites, "blob: data:"]),
            # videos and their caption tracks are the site's own files
            " ".join(["media-src 'self'", *sites]),
            # a YouTube or Vimeo player, loaded only when the visitor clicks its placeholder
            " ".join(["frame-src", *PLAYER_ORIGINS]),
            f"connect-src {service}",
            f"form-action {service}",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


@lru_cache(maxsize=1)
def policy():
    """The policy for every site in sites/, made once per process."""
    from cms.base.site_config import site_configs

    return content_security_policy(site_configs().values())
