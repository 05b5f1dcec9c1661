"""Outputs that are data, not pages: the sitemap and the static search indexes.

Their content is serialised, not laid out, so Python writes them (markupsafe escaping the
sitemap's URLs, Jinja's own `htmlsafe_json_dumps` the indexes, exactly as the templates'
`|tojson` did): looped in Jinja, these few files per site took a fifth of a build's
rendering time. The indexes' card HTML is the list pages' own (`Cards`), rendered once
per language and shown by both.
"""

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import escape

from cms.theme.i18n import search_words

SITEMAP_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
)
HOUSING_FIELDS = ["id", "tenure", "rooms", "rent", "price", "area", "available", "lat", "lon", "school_km", "words"]
ACTIVITY_FIELDS = ["id", "category", "audience", "spoken", "price", "start", "end", "words"]
JOB_FIELDS = [
    "id",
    "occupation_group",
    "employment_type",
    "working_hours",
    "languages",
    "remote",
    "posted",
    "apply_by",
    "words",
]


class Cards:
    """Each listing's and activity's card in one language, rendered once by the theme's macros.

    A kommun's housing page and its static search index show the same cards (as do the
    activities' page and index); rendering each twice was most of their cost. Cards are
    kept per list object, so each language's lists are rendered on first use only."""

    def __init__(self, macros):
        self.macros = macros
        self.made = {}  # (kind, id(items)) -> (items, cards); the items are kept so their id stays unique

    def __call__(self, kind, items):
        known = self.made.get((kind, id(items)))
        if known is None or known[0] is not items:
            macro = getattr(self.macros, f"{kind}_card")
            known = self.made[(kind, id(items))] = (items, [macro(item, "h2") for item in items])
        return known[1]


def sitemap(context, cards=None):
    """sitemap.xml: every canonical HTML page with its language versions (`hreflang`) and `x-default`, on one line."""
    origin = escape("https://" + context["site"]["config"]["domain"])
    parts = [SITEMAP_HEAD]
    for entry in context["entries"]:
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{escape(code)}" href="{origin}{escape(href)}"/>'
            for code, href in entry["alternates"].items()
        )
        if entry["alternates"]:
            links += f'<xhtml:link rel="alternate" hreflang="x-default" href="{origin}/"/>'
        parts.append(f"<url><loc>{origin}{escape(entry['url'])}</loc>{links}</url>")
    parts.append("</urlset>")
    return "".join(parts)


def _text(*values):
    """Values joined as the templates' `~` did: str() of each, so a missing text reads as Jinja wrote it."""
    return " ".join(str(value) for value in values)


def housing_index(context, cards):
    """One site's homes in one language, for search.js when the search service cannot be reached: it filters,
    counts and sorts them on the device. Columns, not objects, to keep it small."""
    rows = []
    listings = context["listings"]
    for listing, card in zip(listings, cards("listing", listings)):
        hood = listing["neighbourhood"] or {}
        words = _text(
            listing["title"],
            listing["description"],
            listing["address"],
            hood.get("name", ""),
            hood.get("nearest_school", ""),
        )
        rows.append(
            [
                listing["id"],
                listing["tenure"],
                listing["rooms"],
                listing["monthly_rent_sek"],
                listing["asking_price_sek"],
                listing["living_area_m2"],
                listing["available_from"],
                listing["latitude"],
                listing["longitude"],
                hood.get("school_distance_km"),
                search_words(words),
                str(card),
            ]
        )
    return _json({"fields": [*HOUSING_FIELDS, "html"], "rows": rows})


def activities_index(context, cards):
    """One site's activities in one language for search.js's offline search (see `housing_index`)."""
    rows = []
    activities = context["activities"]
    for activity, card in zip(activities, cards("activity", activities)):
        words = _text(activity["title"], activity["description"], activity["place"], activity["organiser"] or "")
        rows.append(
            [
                activity["id"],
                activity["category"],
                activity["audience"],
                activity["languages"],
                activity["price_sek"],
                activity["start"],
                activity["until"] or activity["end"],
                search_words(words),
                str(card),
            ]
        )
    return _json({"fields": [*ACTIVITY_FIELDS, "html"], "rows": rows})


def jobs_index(context, cards):
    """One site's jobs in one language for search.js's offline search (see `housing_index`)."""
    rows = []
    jobs = context["jobs"]
    for job, card in zip(jobs, cards("job", jobs)):
        words = _text(job["title"], job["description"], job["employer"], job["occupation"], job["occupation_group"])
        rows.append(
            [
                job["id"],
                job["occupation_group"],
                job["employment_type"],
                job["working_hours"],
                job["languages"],
                job["remote"],
                job["posted_on"],
                job["apply_by"],
                search_words(words),
                str(card),
            ]
        )
    return _json({"fields": [*JOB_FIELDS, "html"], "rows": rows})


def _json(value):
    """As the templates' `|tojson` wrote it: keys sorted, UTF-8 kept, and safe inside HTML."""
    return str(htmlsafe_json_dumps(value, sort_keys=True, ensure_ascii=False))
