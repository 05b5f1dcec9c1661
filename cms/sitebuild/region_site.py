"""The region front door: the root of the deployment, comparing the 14 kommuner side by side.

One page per language the platform speaks (`cms.languages`), plus the root (English, the interface
language, for visitors who come without one), a 404 page, `sitemap.xml` and `robots.txt`, all in
the release's `region/` folder. Every figure comes from `cms.region.figures`, read from the CMS and
`sites/` when the release is made, so the page says what the CMS holds on the day it is built.

The pipeline calls `build_region_site` once per release, after the kommuner are built and before the
release is finished: the front door goes live in the same switch as the sites it describes, and any
change to a kommun's figures (a listing, a job, an activity, its site file) makes a new release and so
a new front door. A front door that cannot be built keeps the live release's, and says why in the log.

The front door is made from its figures and the day they were counted on, the code, templates and
catalogs, and a setting or two (not the sites' files: a kommun's own template is not the front door's): `made_from` digests them all, the manifest keeps that digest, and when
the live release's front door was made from the same, it is linked whole instead of rendered again
(an edited page of one kommun seldom moves a figure: 0.2-0.5 s of an edit's publish at full scale).
"""

import hashlib
import json
import logging
import shutil
from pathlib import Path

from django.conf import settings
from markupsafe import escape

from cms import languages
from cms.base import csp
from cms.theme import assets, environment

from .errors import is_output_problem
from .publish import link_site

logger = logging.getLogger(__name__)

FOLDER = "region"
#: What a visitor may sort the kommuner by: (key, the figure, whether more is better).
DRIVERS = (
    ("rent", "rent_median", False),
    ("jobs", "open_jobs", True),
    ("airport", "airport_minutes", False),
    ("hospital", "hospital_minutes", False),
    ("winter_light", "daylight_december", True),
    ("activities", "activities_this_month", True),
    ("small", "population", False),
)


def region_languages():
    """The languages of the front door: every language the platform publishes in, the source first."""
    return list(languages.CODES)


def build_region_site(release, live=None, today=None, inputs="", live_made_from=""):
    """Write the front door into `release/region/`; returns the digest of what it was made from
    (`made_from`), or "" when it could not be.

    `inputs` is the digest of the code, themes and settings the build derives from, without the sites' files
    (cms.sitebuild.nochange.inputs_digests: what it reads of them is in its figures) and `live_made_from` the live release's front door's digest (its
    manifest's): when the two digests agree, the live front door is linked whole. When it cannot be built (a
    template or the database failing), the live release's front door is linked in its place and the
    kommuner's release goes on: the region page is never the reason a kommun's new content stays unpublished."""
    from cms.region.figures import region_figures

    target = Path(release) / FOLDER
    previous = Path(live) / FOLDER if live is not None else None
    try:
        day, rows = region_figures(today)
        rows = [row.as_dict() for row in rows]
        digest = made_from(inputs, day, rows) if inputs else ""
        if digest and digest == live_made_from and previous.is_dir():
            link_site(previous, target)
        else:
            write_region_site(target, day, rows, previous)
        return digest
    except Exception as exc:
        if is_output_problem(exc):
            raise  # a full disk or a folder the build may not use stops the whole release, as for a kommun
        logger.exception("The region front door could not be built; the live one stays.")
        shutil.rmtree(target, ignore_errors=True)
        if previous is not None and previous.is_dir():
            link_site(previous, target)
        return ""


def made_from(inputs, day, rows):
    """A digest of everything the front door shows: the figures and their day, the code, themes and catalogs
    (`inputs`, which also covers the languages' registry) and the one setting it reads that `inputs` does not."""
    payload = json.dumps([inputs, day.isoformat(), rows, settings.REGION_DOMAIN], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def write_region_site(target, day, rows, previous=None):
    """Every file of the front door for the figures `rows` counted on `day`, into the folder `target`."""
    target.mkdir(parents=True, exist_ok=True)
    codes = region_languages()
    domain = settings.REGION_DOMAIN
    alternates = {code: f"/{code}/" for code in codes}
    links = [{"code": code, "name": languages.get(code).name, "url": f"/{code}/", "hreflang": code} for code in codes]
    common = {
        "domain": domain,
        "alternates": alternates,
        "language_links": links,
        "kommuner": rows,
        "counted_on": day.isoformat(),
        "drivers": DRIVERS,
        "inline_css": csp.site_stylesheet(*csp.REGION_BRAND),
        "travel_sources": sorted({row["travel_source"] for row in rows if row["travel_source"]}),
    }
    written = 0
    for code in codes:
        _render(target / code / "index.html", "region.html", code, page_url=f"/{code}/", **common)
        _render(target / code / "404.html", "region_404.html", code, page_url=f"/{code}/404.html", **common)
        written += 2
    interface = languages.INTERFACE if languages.INTERFACE in codes else codes[0]
    # The root answers visitors who came without a language: the interface language's page, which names
    # its own language version as canonical so search engines index each text once.
    _render(target / "index.html", "region.html", interface, page_url="/", canonical=f"/{interface}/", **common)
    _render(target / "404.html", "region_404.html", interface, page_url="/404.html", **common)
    (target / "sitemap.xml").write_text(_sitemap(domain, alternates), encoding="utf-8")
    (target / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: https://{domain}/sitemap.xml\n")
    assets.write_assets(target / "theme", previous and Path(previous) / "theme")
    return written + 2


def _render(path, template, language, **context):
    path.parent.mkdir(parents=True, exist_ok=True)
    html = environment(language).get_template(template).render(language=language, **context)
    path.write_text(html, encoding="utf-8")


def _sitemap(domain, alternates):
    """Every language version of the front door, each naming the others (hreflang) and the root as x-default."""
    origin = escape(f"https://{domain}")
    links = "".join(
        f'<xhtml:link rel="alternate" hreflang="{escape(code)}" href="{origin}{escape(url)}"/>'
        for code, url in alternates.items()
    )
    links += f'<xhtml:link rel="alternate" hreflang="x-default" href="{origin}/"/>'
    urls = "".join(f"<url><loc>{origin}{escape(url)}</loc>{links}</url>" for url in alternates.values())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
        f"{urls}</urlset>"
    )
