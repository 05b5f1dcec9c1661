"""Every file of one site in one language: its path, its template and its context.

The CMS's pages come with their URLs from the export; the listing pages, feeds,
calendars and service pages are laid out here. Everything is computed before any
template renders, so lists, language links and the sitemap agree.
"""

from dataclasses import dataclass, field

from cms.theme.i18n import language_name

from . import calendar, hreflang


@dataclass
class Output:
    path: str  # relative to the site's root, e.g. "en/nature/index.html"
    template: str  # a theme template, or the kind of a file Python writes (render.PRODUCERS)
    context: dict = field(default_factory=dict)
    html: bool = True


def index_path(url):
    return url.lstrip("/") + "index.html"


def alternates(site, pattern):
    """{language: url} for a URL pattern such as "/{lang}/housing/"."""
    return {language: pattern.format(lang=language) for language in site["languages"]}


def language_links(site, alternates_by_language, advertised=None):
    """The language switcher's links; `hreflang` only on those whose text is in that language."""
    return [
        {
            "code": code,
            "name": language_name(code),
            "url": alternates_by_language[code],
            "hreflang": code if advertised is None or code in advertised else None,
        }
        for code in site["languages"]
        if code in alternates_by_language
    ]


class LanguagePages:
    """One site's exported pages and lists in one language, as a page model's `template_context` reads them:
    its pages by type, by key and by parent, and the language's export (`data`: housing, activities, jobs)."""

    def __init__(self, data):
        self.data = data
        self.pages = data["pages"]
        self.by_type, self.by_key, self.by_parent = {}, {}, {}
        for page in self.pages:
            self.by_type.setdefault(page["type"], []).append(page)
            self.by_key.setdefault(page["key"], page)
            self.by_parent.setdefault(page["parent_key"], []).append(page)

    def of_type(self, model_name):
        """The pages of one type (its model's name, "storypage"), in the site's order."""
        return self.by_type.get(model_name, [])

    def page(self, key):
        """The page of that key, or None."""
        return self.by_key.get(key)

    def children(self, key):
        """The pages whose parent has that key, in the site's order."""
        return self.by_parent.get(key, [])


def page_models():
    """{type: model} of the page types the sites publish, by the name the export gives each page's type."""
    from django.apps import apps

    from cms.export.declarations import ExportedPage

    return {model._meta.model_name: model for model in apps.get_models() if issubclass(model, ExportedPage)}


def site_outputs(site, language):
    """All outputs of `site` (an export) in `language`."""
    data = site["languages_data"][language]
    site_pages = LanguagePages(data)
    pages = site_pages.pages
    home = site_pages.of_type("homepage")[0] if site_pages.of_type("homepage") else None

    common = {
        "site": {key: site[key] for key in ("slug", "config", "languages", "drivers", "api_url", "privacy")},
        "language": language,
        "home": home,
        "nav": _navigation(site_pages, language),
    }
    outputs = []
    versions = hreflang.versions(site)

    def add(path, template, url, alternates_by_language, html=True, item=None, **context):
        """One output; `item` ((kind, id) of a page or listing) advertises only its real-language versions."""
        canonical, advertised = url, alternates_by_language
        if item is not None:
            canonical, advertised = hreflang.advertised(versions[item], language)
        outputs.append(
            Output(
                path,
                template,
                {
                    **common,
                    "page_url": url,
                    "canonical_url": canonical,
                    "alternates": advertised,
                    "language_links": language_links(site, alternates_by_language, advertised if item else None),
                    **context,
                },
                html,
            )
        )

    models = page_models()
    for page in pages:
        extra = {**models[page["type"]].template_context(page, site_pages)}  # its own, as Wagtail's get_context
        experiment = data.get("experiments", {}).get(page["key"])
        if experiment:
            extra["experiment"] = experiment
        add(
            index_path(page["url"]),
            page["template"],
            page["url"],
            page["alternates"],
            item=("page", page["key"]),
            page=page,
            **extra,
        )

    add(
        f"{language}/housing/index.html",
        "housing.html",
        f"/{language}/housing/",
        alternates(site, "/{lang}/housing/"),
        listings=data["housing"],
    )
    add(
        f"{language}/housing/index.json",
        "housing index",
        f"/{language}/housing/index.json",
        {},
        html=False,
        listings=data["housing"],
    )
    for listing in data["housing"]:
        add(
            index_path(listing["url"]),
            "listing.html",
            listing["url"],
            alternates(site, "/{lang}/housing/%d/" % listing["id"]),
            item=("housing", listing["id"]),
            listing=listing,
            text_language=listing["text_language"],
        )

    add(
        f"{language}/activities/index.html",
        "activities.html",
        f"/{language}/activities/",
        alternates(site, "/{lang}/activities/"),
        activities=data["activities"],
    )
    add(
        f"{language}/activities/index.json",
        "activities index",
        f"/{language}/activities/index.json",
        {},
        html=False,
        activities=data["activities"],
    )
    for activity in data["activities"]:
        add(
            index_path(activity["url"]),
            "activity.html",
            activity["url"],
            alternates(site, "/{lang}/activities/%d/" % activity["id"]),
            item=("activities", activity["id"]),
            activity=activity,
            text_language=activity["text_language"],
        )
        add(
            f"{language}/activities/{activity['id']}.ics",
            calendar.KIND,
            f"/{language}/activities/{activity['id']}.ics",
            {},
            html=False,
            activities=[activity],
        )
    add(
        f"{language}/activities/submit/index.html",
        "activity_submit.html",
        f"/{language}/activities/submit/",
        alternates(site, "/{lang}/activities/submit/"),
    )
    add(
        f"{language}/activities/calendar.ics",
        calendar.KIND,
        f"/{language}/activities/calendar.ics",
        {},
        html=False,
        activities=data["activities"],
    )
    add(
        f"{language}/activities/feed.atom",
        "feed.atom",
        f"/{language}/activities/feed.atom",
        {},
        html=False,
        entries=[
            _entry(a, a["title"], a["description"], a["updated"], start=a["start"], place=a["place"])
            for a in data["activities"]
        ],
        feed_title_key="activities",
    )
    stories = site_pages.of_type("storypage")
    add(
        f"{language}/stories/feed.atom",
        "feed.atom",
        f"/{language}/stories/feed.atom",
        {},
        html=False,
        entries=[_entry(s, s["title"], s["data"].get("summary", ""), s["last_published"]) for s in stories],
        feed_title_key="stories",
    )

    add(
        f"{language}/jobs/index.html",
        "jobs.html",
        f"/{language}/jobs/",
        alternates(site, "/{lang}/jobs/"),
        jobs=data["jobs"],
    )
    add(
        f"{language}/jobs/index.json",
        "jobs index",
        f"/{language}/jobs/index.json",
        {},
        html=False,
        jobs=data["jobs"],
    )
    for job in data["jobs"]:
        add(
            index_path(job["url"]),
            "job.html",
            job["url"],
            alternates(site, "/{lang}/jobs/%d/" % job["id"]),
            item=("jobs", job["id"]),
            job=job,
            text_language=job["text_language"],
        )

    add(f"{language}/about/index.html", "about.html", f"/{language}/about/", alternates(site, "/{lang}/about/"))
    add(f"{language}/contact/index.html", "contact.html", f"/{language}/contact/", alternates(site, "/{lang}/contact/"))
    add(f"{language}/privacy/index.html", "privacy.html", f"/{language}/privacy/", alternates(site, "/{lang}/privacy/"))
    add(
        f"{language}/accessibility/index.html",
        "accessibility.html",
        f"/{language}/accessibility/",
        alternates(site, "/{lang}/accessibility/"),
    )
    add(
        f"{language}/404.html",
        "404.html",
        f"/{language}/404.html",
        {},
        home_links=language_links(site, alternates(site, "/{lang}/")),
    )
    return outputs


def root_outputs(site, html_urls, not_found_in):
    """The site root: the language chooser, a 404 page in every language (`not_found_in`: its text per language),
    the sitemap and robots.txt."""
    common = {
        "site": {key: site[key] for key in ("slug", "config", "languages", "drivers")},
        "language": site["languages"][0],
        "home": None,
        "nav": [],
    }
    links = language_links(site, {code: f"/{code}/" for code in site["languages"]})
    chooser_alternates = {code: f"/{code}/" for code in site["languages"]}
    return [
        Output(
            "index.html",
            "chooser.html",
            {**common, "page_url": "/", "alternates": chooser_alternates, "language_links": links, "is_chooser": True},
        ),
        Output(
            "404.html",
            "404.html",
            {
                **common,
                "page_url": "/404.html",
                "alternates": {},
                "language_links": links,
                "not_found_in": not_found_in,
            },
        ),
        Output("sitemap.xml", "sitemap", {**common, "entries": html_urls}, html=False),
        Output("robots.txt", "robots.txt", {**common}, html=False),
    ]


def _navigation(site_pages, language):
    topics = site_pages.of_type("topicpage")
    items = [{"title_key": "live", "url": topics[0]["url"]}] if topics else []
    items += [
        {"title_key": "housing", "url": f"/{language}/housing/"},
        {"title_key": "jobs", "url": f"/{language}/jobs/"},
        {"title_key": "activities", "url": f"/{language}/activities/"},
    ]
    if site_pages.of_type("guidepage"):
        items.append({"title_key": "guide", "url": site_pages.of_type("guidepage")[0]["url"]})
    items.append({"title_key": "about", "url": f"/{language}/about/"})
    return items


def _entry(item, title, summary, updated, start=None, place=None):
    """A feed entry; an activity's says when and where first, as its card does."""
    return {
        "url": item["url"],
        "title": title,
        "summary": summary,
        "updated": updated or "2026-01-01T00:00:00+00:00",
        "start": start,
        "place": place,
        "text_language": item["text_language"],
    }
