"""Read a whole built demo as a visitor, a screen reader and a crawler would, and list every wrong fact.

    .venv/bin/python build.py --demo --no-imports
    .venv/bin/python tests/audit_demo_build.py [--public public]

The test suite proves each fact on the two demo kommuner it builds (tests/test_local_times.py,
test_job_facts.py, test_rent_search.py, test_languages.py); this reads all 14 sites of a full
demo build against the CMS they were built from (the database of `cms.settings.dev`):

- every activity's time on its page in every language, in its JSON-LD and in its .ics, against
  the database's moment read on Stockholm's clock;
- no job ad claiming to be posted on the day of the build unless its source says so;
- a rent search on the search API returning rentals and rooms only, in every kommun;
- every fallback title on every page marked with the language it is really in;
- no hreflang alternate or sitemap entry for a language version whose text is in another language.

Prints one line per check with its count, then every problem; exits 1 if there is one.
"""

import argparse
import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
STOCKHOLM = ZoneInfo("Europe/Stockholm")
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
NOTICE = 'class="notice" role="note"'


def read(path):
    return Path(path).read_text(encoding="utf-8")


def activity_times(site, kommun, languages, problems):
    """Each live activity's start on its page (visible text and `datetime`), JSON-LD and .ics."""
    from babel.dates import format_time
    from icalendar import Calendar

    from cms import languages as registry
    from cms.activities.models import Activity, ModerationStatus
    from cms.base.times import local_iso

    checked = 0
    activities = Activity.objects.filter(kommun=kommun, live=True, moderation_status=ModerationStatus.APPROVED)
    for activity in activities:
        start = activity.start.astimezone(STOCKHOLM)
        for language in languages:
            page = site / language / "activities" / str(activity.pk) / "index.html"
            if not page.exists():
                problems.append(f"{page}: missing, although activity #{activity.pk} is live")
                continue
            html = read(page)
            where = f"{kommun.slug} /{language}/activities/{activity.pk}/"
            shown = format_time(start, "short", locale=registry.get(language).babel_locale)
            if f'<time datetime="{local_iso(activity.start)}">' not in html:
                problems.append(f"{where}: no <time datetime> with {local_iso(activity.start)}")
            if shown not in html:
                problems.append(f"{where}: the start {shown} (Stockholm) is not on the page")
            data = json.loads(LD_JSON.search(html).group(1))
            if data.get("startDate") != local_iso(activity.start):
                problems.append(f"{where}: JSON-LD startDate {data.get('startDate')}, not {local_iso(activity.start)}")
            ics = site / language / "activities" / f"{activity.pk}.ics"
            event = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")[0]
            if event.decoded("DTSTART") != activity.start:
                problems.append(f"{ics}: DTSTART {event.decoded('DTSTART')}, not {start.isoformat()}")
            checked += 1
    return checked


def job_dates(site, kommun, build_day, problems):
    """No ad says it was posted on the day of the build unless it was."""
    from cms.base.times import local
    from cms.jobs.models import Job

    checked = 0
    for job in Job.objects.filter(kommun=kommun, live=True):
        expected = job.posted_on or (local(job.first_published_at).date() if job.first_published_at else None)
        for page in site.glob(f"*/jobs/{job.pk}/index.html"):
            posted = json.loads(LD_JSON.search(read(page)).group(1)).get("datePosted")
            if posted == build_day and expected != date.fromisoformat(build_day):
                problems.append(f"{page}: datePosted is the day of the build; the ad was posted {expected}")
            elif expected and posted != expected.isoformat():
                problems.append(f"{page}: datePosted {posted}, the ad says {expected}")
            checked += 1
    return checked


def rent_searches(kommun, languages, client, problems):
    """A rent search answers rentals and rooms only."""
    checked = 0
    for language in languages:
        query = {"kommun": kommun.slug, "rent_max": "9000", "language": language, "page_size": "50"}
        hits = client.get("/api/search/housing", query).json()["hits"]
        for hit in hits:
            if hit["tenure"] not in ("rental", "room"):
                problems.append(f"{kommun.slug}: a rent search in {language} returns #{hit['id']}, {hit['tenure']}")
        checked += len(hits)
    return checked


def shown_in(kommun):
    """{language: {title: the one language it is really in}} from the export the site is built from."""
    from cms.export.kommun import export_kommun

    texts = {}
    for language, data in export_kommun(kommun)["languages_data"].items():
        found = texts.setdefault(language, {})
        for item in data["housing"] + data["activities"] + data["jobs"] + data["pages"]:
            found.setdefault(item["title"], set()).add(item["text_language"])
    return {
        lang: {t: codes.pop() for t, codes in found.items() if len(codes) == 1 and t} for lang, found in texts.items()
    }


def fallback_marks(site, kommun, languages, problems):
    """Every fallback title in a page's body is marked with its real language."""
    from test_languages import read_languages

    checked = 0
    real = shown_in(kommun)
    for language in languages:
        fallbacks = {text: code for text, code in real[language].items() if code != language}
        for path in sorted((site / language).rglob("index.html")):
            for text, marked in read_languages(read(path)).texts:
                if text in fallbacks:
                    checked += 1
                    if marked != fallbacks[text]:
                        problems.append(f"{path}: “{text}” is {fallbacks[text]}, marked {marked}")
    return checked


def alternates_and_sitemap(site, problems):
    """hreflang and the sitemap offer a language version only where its text is in that language."""
    from test_languages import head_links, html_lang

    pages = {"/" + str(p.relative_to(site)).removesuffix("index.html"): read(p) for p in site.glob("*/**/index.html")}
    fallbacks = {url for url, html in pages.items() if NOTICE in html}
    checked = 0
    for url, html in pages.items():
        canonical, alternates = head_links(html)
        if url in fallbacks and alternates:
            problems.append(f"{site.name} {url}: a fallback version offers hreflang alternates")
        for code, href in alternates.items():
            checked += 1
            if code != "x-default" and (href in fallbacks or html_lang(pages.get(href, "")) != code):
                problems.append(f"{site.name} {url}: offers {href} as {code}, but its text is not in {code}")
    origin = re.escape(re.search(r"<loc>(https://[^/<]+)", read(site / "sitemap.xml")).group(1))
    sitemap = read(site / "sitemap.xml")
    for url in re.findall(r"<loc>" + origin + r"([^<]*)</loc>", sitemap):
        checked += 1
        if url in fallbacks:
            problems.append(f"{site.name} sitemap.xml: lists {url}, whose text is in another language")
    return checked


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--public", type=Path, default=ROOT / "public", help="the published sites (default: public/)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from django.test import Client

    from cms.base.models import Kommun

    public = args.public.resolve()
    build_day = date.fromtimestamp(public.stat().st_mtime).isoformat()
    client = Client(HTTP_HOST="localhost")
    problems, counts = [], {"activity times": 0, "job dates": 0, "rent hits": 0, "fallback titles": 0, "alternates": 0}
    kommuner = list(Kommun.objects.order_by("slug"))
    for kommun in kommuner:
        site = public / kommun.slug
        languages = list(kommun.config.languages)
        counts["activity times"] += activity_times(site, kommun, languages, problems)
        counts["job dates"] += job_dates(site, kommun, build_day, problems)
        counts["rent hits"] += rent_searches(kommun, languages, client, problems)
        counts["fallback titles"] += fallback_marks(site, kommun, languages, problems)
        counts["alternates"] += alternates_and_sitemap(site, problems)
    print(f"{len(kommuner)} kommuner read from {public}")
    for name, count in counts.items():
        print(f"{name:16} {count:7} checked")
    print(f"{len(problems)} problems")
    for problem in problems:
        print(" ", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
