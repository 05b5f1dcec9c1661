"""Activities as iCalendar (RFC 5545), written with the `icalendar` library.

Each activity's own `.ics` and every language's `calendar.ics` come from here. Times are
Stockholm's clock with a VTIMEZONE for the years the calendar spans, so a weekly activity at
18:00 stays at 18:00 on both sides of a daylight-saving change; the library escapes text and
folds lines at 75 octets, which a hand-written template got wrong.

The library is imported when a calendar is first written, not with this module: after an edit
every calendar of the site is linked from the live release, and importing it was a fortieth of
the publish.
"""

from datetime import UTC, date, datetime, time
from functools import lru_cache

from cms.base.times import STOCKHOLM, parse_local

#: The output kind routes.py gives a calendar; render.py writes it with `ics_bytes` instead of a template.
KIND = "icalendar"
FREQUENCIES = {"weekly": "WEEKLY", "monthly": "MONTHLY"}


@lru_cache(maxsize=16)
def _zone(first_year, last_year):
    """Stockholm's VTIMEZONE for these years (the library builds it from zoneinfo; slow, so once)."""
    from icalendar import Timezone

    return Timezone.from_tzid(str(STOCKHOLM), first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31))


def _event(activity, site, language):
    from icalendar import Event, vGeo

    start, end = parse_local(activity["start"]), parse_local(activity["end"])
    event = Event()
    event.add("uid", f"activity-{activity['id']}@{site['config']['domain']}")
    stamp = parse_local(activity["updated"]) if activity.get("updated") else start
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    if activity.get("recurrence") in FREQUENCIES:
        rule = {"freq": FREQUENCIES[activity["recurrence"]]}
        if activity.get("until"):  # the last day, to its end on Stockholm's clock; RFC 5545 wants it in UTC
            last = datetime.combine(date.fromisoformat(activity["until"]), time(23, 59, 59), tzinfo=STOCKHOLM)
            rule["until"] = last.astimezone(UTC)
        event.add("rrule", rule)
    # A text shown in a fallback language says which (RFC 5545 LANGUAGE), as the pages' `lang` does.
    written_in = {"LANGUAGE": activity.get("text_language") or language}
    event.add("summary", activity["title"], parameters=written_in)
    event.add("description", activity["description"], parameters=written_in)
    event.add("location", activity["place"])
    event.add("geo", vGeo((activity["latitude"], activity["longitude"])))
    event.add("url", f"https://{site['config']['domain']}{activity['url']}")
    return event


@lru_cache(maxsize=16)
def _zone_bytes(first_year, last_year):
    return _zone(first_year, last_year).to_ical()


class _Events:
    """Each activity's VEVENT, serialised once: it is in the activity's own calendar and in its language's.

    Kept by the export's dict for that activity (and its site's domain); the library's serialisation
    was most of a calendar's cost, and a calendar is its components' serialisations in a row."""

    LIMIT = 2048

    def __init__(self):
        self.made = {}  # (id(activity), domain, language) -> (activity, bytes); the dict is kept so its id stays unique

    def __call__(self, activity, site, language):
        key = (id(activity), site["config"]["domain"], language)
        known = self.made.get(key)
        if known is None or known[0] is not activity:
            if len(self.made) >= self.LIMIT:
                self.made.clear()
            known = self.made[key] = (activity, _event(activity, site, language).to_ical())
        return known[1]


_events = _Events()
END = b"END:VCALENDAR\r\n"


def ics_bytes(site, language, activities, **_context):
    """One calendar of `activities` (export dicts) for `site` in `language`, as RFC 5545 bytes."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", f"-//Region Norrbotten//{site['config']['name']}//{language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", site["config"]["name"])
    calendar.add("x-wr-timezone", str(STOCKHOLM))
    parts = [calendar.to_ical().removesuffix(END)]
    if activities:
        starts = [parse_local(a["start"]) for a in activities]
        lasts = [date.fromisoformat(a["until"]) if a.get("until") else parse_local(a["end"]).date() for a in activities]
        parts.append(_zone_bytes(min(starts).year, max(lasts).year + 1))
    parts += [_events(activity, site, language) for activity in activities]
    return b"".join(parts) + END
