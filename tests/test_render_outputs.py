"""The files the build writes by Python rather than a template read as the formats' own tools expect."""

import json
import xml.etree.ElementTree as ElementTree

import pytest
from icalendar import Calendar

ACTIVITY = {
    "id": 1,
    "start": "2026-03-18T18:00:00+01:00",
    "end": "2026-03-18T20:00:00+01:00",
    "recurrence": "weekly",
    "until": "2026-04-08",
    "title": "Språkcafé, torsdagar; med fika",
    "description": "Vi pratar svenska. " * 8,  # long enough to be folded at 75 octets
    "place": "Biblioteket",
    "latitude": 65.3175,
    "longitude": 21.479,
    "url": "/sv/activities/1/",
    "updated": None,
}
SITE = {"config": {"name": "Piteå", "domain": "move.pitea.se"}}


def test_a_calendar_is_the_librarys_own_serialisation_of_its_zone_and_events():
    """Each event is serialised once and reused in its language's calendar; the bytes stay icalendar's."""
    from cms.sitebuild.calendar import _event, _zone, ics_bytes

    second = dict(ACTIVITY, id=2, recurrence=None, until=None, start="2026-11-02T10:00:00+01:00")
    second["end"] = "2026-11-02T12:00:00+01:00"
    whole = ics_bytes(SITE, "sv", [ACTIVITY, second])
    assert ics_bytes(SITE, "sv", [ACTIVITY, second]) == whole  # the remembered events give the same bytes

    calendar = Calendar()
    calendar.add("prodid", "-//Region Norrbotten//Piteå//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Piteå")
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    calendar.add_component(_zone(2026, 2027))
    calendar.add_component(_event(ACTIVITY, SITE, "sv"))
    calendar.add_component(_event(second, SITE, "sv"))
    assert whole == calendar.to_ical()
    assert [str(event["summary"]) for event in Calendar.from_ical(whole).walk("VEVENT")] == [
        ACTIVITY["title"],
        second["title"],
    ]


def test_the_sitemap_is_xml_listing_each_page_with_its_language_versions():
    from cms.sitebuild.serialised import sitemap

    context = {
        "site": {"config": {"domain": "move.pitea.se"}},
        "entries": [
            {"url": "/sv/bo/", "alternates": {"sv": "/sv/bo/", "en": "/en/live/"}},
            {"url": "/sv/sök?a=1&b=2", "alternates": {}},
        ],
    }
    root = ElementTree.fromstring(sitemap(context).encode())
    space = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = root.findall("s:url", space)
    assert [u.find("s:loc", space).text for u in urls] == [
        "https://move.pitea.se/sv/bo/",
        "https://move.pitea.se/sv/sök?a=1&b=2",
    ]
    links = [(link.get("hreflang"), link.get("href")) for link in urls[0].findall("x:link", space)]
    assert links == [
        ("sv", "https://move.pitea.se/sv/bo/"),
        ("en", "https://move.pitea.se/en/live/"),
        ("x-default", "https://move.pitea.se/"),
    ]
    assert urls[1].findall("x:link", space) == []


def test_the_static_index_shows_the_list_pages_cards_and_is_safe_inside_html():
    from cms.sitebuild.serialised import Cards, activities_index
    from cms.theme import environment

    macros = environment("sv").get_template("macros.html").make_module({"language": "sv"})
    cards = Cards(macros)
    activity = dict(ACTIVITY, title="<Fika> & prat", category="culture", audience="all", languages=["sv"])
    activity.update(price_sek=0, organiser=None, text_language="sv")
    activities = [activity]
    text = activities_index({"activities": activities}, cards)
    assert "<" not in text and "&" not in text  # escaped as \u003c and \u0026, as Jinja's |tojson does
    index = json.loads(text)
    row = dict(zip(index["fields"], index["rows"][0]))
    assert row["html"] == str(cards("activity", activities)[0]) and "&lt;Fika&gt; &amp; prat" in row["html"]
    assert row["end"] == "2026-04-08" and "fika" in row["words"].split()
    assert cards("activity", activities) is cards("activity", activities)  # rendered once, shown twice


def test_the_writer_refuses_a_path_laid_out_twice_and_names_it(tmp_path):
    from jinja2 import Template
    from pelican.writers import FileOverwriteFailedError

    from cms.sitebuild.checks import RenderedPages
    from cms.sitebuild.writer import CheckedWriter

    writer = CheckedWriter(str(tmp_path), {"MICROSITE_CHECKS": RenderedPages("move.pitea.se")})
    writer.write_file("sv/om/index.html", Template("<main>{{ text }}</main>"), {"text": "Första"})
    with pytest.raises(FileOverwriteFailedError, match="The output sv/om/index.html was laid out twice"):
        writer.write_file("sv/om/index.html", Template("<main>{{ text }}</main>"), {"text": "Andra"})
    assert (tmp_path / "sv/om/index.html").read_text() == "<main>Första</main>"  # the first output is kept
