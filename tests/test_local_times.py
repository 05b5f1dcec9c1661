"""Activity times as a visitor reads them: 18:00 in Piteå is 18:00 on every surface, summer and winter.

The database keeps UTC; each surface (the built pages, the home page's cards, the static search
index, the Atom feed, every .ics, the search API's JSON and cards, the admin's list) must show
Stockholm's clock, and every machine field must carry the offset of that day.
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from icalendar import Calendar

from tests.helpers import STOCKHOLM, make_activity

pytestmark = pytest.mark.django_db

#: 18:00 local on a summer day, a winter day and both days the clocks change in 2026.
DAYS = {"summer": (2026, 7, 15), "winter": (2027, 1, 20), "spring-forward": (2026, 3, 29), "fall-back": (2026, 10, 25)}
OFFSETS = {"summer": "+02:00", "winter": "+01:00", "spring-forward": "+02:00", "fall-back": "+01:00"}
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def evenings(kommun, django_capture_on_commit_callbacks):
    """{name: activity} at 18:00-20:00 Stockholm time, published and indexed."""
    pitea = kommun("pitea")
    activities = {}
    with django_capture_on_commit_callbacks(execute=True):
        for name, day in DAYS.items():
            start = datetime(*day, 18, tzinfo=STOCKHOLM)
            activities[name] = make_activity(pitea, f"Kvällsträff {name}", start=start, end=start + timedelta(hours=2))
    return activities


@pytest.fixture
def built(evenings, tmp_path):
    from cms.sitebuild import pipeline

    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    assert not report.failed, [r.problems for r in report.failed]
    return (tmp_path / "public" / "pitea").resolve()


def card_of(html, title):
    """The card (an <article>) whose heading is `title`."""
    match = re.search(
        r'<article class="card[^"]*">(?:(?!</article>).)*?' + re.escape(title) + r".*?</article>", html, re.S
    )
    assert match, f"no card for {title}"
    return match.group(0)


def test_an_evening_activity_is_at_18_on_every_built_page_feed_and_calendar(evenings, built):
    feed = ET.parse(built / "sv" / "activities" / "feed.atom").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    summaries = {
        entry.find(f"{atom}title").text: entry.find(f"{atom}summary").text for entry in feed.iter(f"{atom}entry")
    }
    whole = Calendar.from_ical((built / "sv" / "activities" / "calendar.ics").read_bytes())
    whole_starts = {str(event["summary"]): event.decoded("dtstart") for event in whole.walk("VEVENT")}
    listing = (built / "sv" / "activities" / "index.html").read_text()
    index = json.loads((built / "sv" / "activities" / "index.json").read_text())
    rows = {row[0]: dict(zip(index["fields"], row)) for row in index["rows"]}
    for name, activity in evenings.items():
        title, offset = f"Kvällsträff {name}", OFFSETS[name]
        iso = datetime(*DAYS[name], 18).isoformat() + offset
        for language in ("sv", "en", "de"):
            page = (built / language / "activities" / str(activity.pk) / "index.html").read_text()
            when = re.search(r'<dt>[^<]+</dt><dd><time datetime="([^"]+)">([^<]+)</time>', page)
            assert when.group(1) == iso, (name, language, when.group(1))
            assert when.group(2).endswith(", 18:00") and "20:00</time>" in page, (name, language, when.group(2))
            assert json.loads(LD_JSON.search(page).group(1))["startDate"] == iso
        card = card_of(listing, title)
        assert f'<time datetime="{iso}">' in card and ", 18:00</time>" in card, (name, card)
        assert rows[activity.pk]["start"] == iso and ", 18:00</time>" in rows[activity.pk]["html"], name
        assert "18:00" in summaries[title] and "16:00" not in summaries[title] and "17:00" not in summaries[title], name
        raw = (built / "sv" / "activities" / f"{activity.pk}.ics").read_bytes()
        assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "RFC 5545 folds lines at 75 octets"
        own = Calendar.from_ical(raw).walk("VEVENT")[0]
        for start in (own.decoded("dtstart"), whole_starts[title]):
            local = start.astimezone(STOCKHOLM)
            assert (local.date(), local.hour, local.minute) == (datetime(*DAYS[name]).date(), 18, 0), (name, start)
        assert own.decoded("dtend").astimezone(STOCKHOLM).hour == 20
    assert whole.walk("VTIMEZONE") and str(whole.walk("VTIMEZONE")[0]["tzid"]) == "Europe/Stockholm"


def test_the_search_api_gives_18_with_the_offset_in_json_and_cards(evenings, client):
    response = client.get(
        "/api/search/activities", {"kommun": "pitea", "language": "en", "q": "Kvällsträff", "page_size": 50}
    )
    hits = {hit["id"]: hit for hit in response.json()["hits"]}
    for name, activity in evenings.items():
        hit = hits[activity.pk]
        assert hit["start"] == datetime(*DAYS[name], 18).isoformat() + OFFSETS[name], name
        assert hit["end"] == datetime(*DAYS[name], 20).isoformat() + OFFSETS[name], name
        assert ", 18:00</time>" in hit["html"], (name, hit["html"])


def test_the_admin_lists_activities_at_18(evenings, editor_client):
    """Django's admin converts to TIME_ZONE itself: a guard that it stays so (the editor's language is English)."""
    html = " ".join(editor_client("pitea").get("/admin/snippets/activities/activity/").content.decode().split())
    for name in DAYS:
        row = re.search(r"Kvällsträff " + name + r" \(Piteå\)</span>.*?</tr>", html).group(0)
        assert re.search(r"<td > \w+\.? \d+, 20\d\d, 6 p\.m\. </td>", row), (name, row)


def test_a_weekly_evening_stays_at_18_after_the_clocks_change():
    """A calendar app repeats a weekly event by the clock of its DTSTART's zone: Stockholm's, not UTC's."""
    from dateutil.rrule import rrulestr

    from cms.sitebuild.calendar import ics_bytes

    site = {"config": {"name": "Piteå", "domain": "move.pitea.se"}}
    activity = {
        "id": 1,
        "start": "2026-03-18T18:00:00+01:00",
        "end": "2026-03-18T20:00:00+01:00",
        "recurrence": "weekly",
        "until": "2026-04-08",
        "title": "Språkcafé",
        "description": "Vi pratar svenska.",
        "place": "Biblioteket",
        "latitude": 65.3175,
        "longitude": 21.479,
        "url": "/sv/activities/1/",
        "updated": None,
    }
    event = Calendar.from_ical(ics_bytes(site, "sv", [activity])).walk("VEVENT")[0]
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=event.decoded("dtstart"))
    evenings = [moment.astimezone(STOCKHOLM) for moment in rule]
    assert [(moment.day, moment.hour) for moment in evenings] == [(18, 18), (25, 18), (1, 18), (8, 18)]


def test_the_experiments_day_by_day_table_counts_a_visitor_on_stockholms_day(kommun, editor_client):
    """A visitor who first saw a variant at 00:30 on 15 July in Piteå came on 15 July, not on UTC's 14th."""
    from django.urls import reverse

    from cms.experiments.models import Experiment, ExperimentEvent
    from tests.experiment_helpers import make_experiment

    experiment = make_experiment(kommun("pitea"))
    after_midnight = datetime(2026, 7, 15, 0, 30, tzinfo=STOCKHOLM)  # 22:30 UTC on the 14th
    for visitor in ("1" * 32, "2" * 32):
        event = ExperimentEvent.objects.create(experiment=experiment, variant="a", kind="exposure", visitor=visitor)
        ExperimentEvent.objects.filter(pk=event.pk).update(created_at=after_midnight)
    url = reverse(Experiment.snippet_viewset.get_url_name("results"), args=[experiment.pk])
    html = editor_client("pitea").get(url).content.decode()
    table = html.split("Visitors, day by day", 1)[1].split("</table>", 1)[0]
    days = re.findall(r'<th scope="row">([^<]+)</th>', table)
    assert days == ["07/15/2026"], days


def test_records_named_with_a_time_name_it_on_stockholms_clock(kommun):
    """A build or a translator's check is named (in the admin's choosers, logs and shell) by Stockholm's clock;
    the database hands their times back in UTC."""
    from datetime import UTC

    from wagtail.models import Page

    from cms.publishing.models import Build
    from cms.translations.models import PageTranslationCheck

    evening = datetime(2026, 7, 15, 18, 5, tzinfo=STOCKHOLM).astimezone(UTC)  # 16:05 UTC, as read back
    build = Build(kommun=kommun("pitea"), queued_at=evening, last_publish_at=evening)
    check = PageTranslationCheck(page=Page.objects.first(), checked_at=evening)
    for record in (build, check):
        assert "2026-07-15 18:05" in str(record), str(record)
