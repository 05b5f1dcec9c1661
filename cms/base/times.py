"""The region's time zone, and how a stored time leaves the CMS.

The database keeps aware datetimes in UTC. People in Norrbotten read times on the clock on
their wall, Europe/Stockholm, summer and winter; machines read ISO 8601 with the offset. Every
time that leaves the CMS for a page, a card, an index or a calendar goes through here, so no
surface can show the UTC clock as if it were local.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

#: Where every kommun is: the zone a visitor's times are shown in (settings.TIME_ZONE too).
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(value):
    """An aware datetime on Stockholm's clock; a naive one is refused, since its zone is a guess."""
    if value.tzinfo is None:
        raise ValueError(f"The time {value.isoformat()} has no time zone; store aware datetimes.")
    return value.astimezone(STOCKHOLM)


def local_iso(value):
    """ISO 8601 with Stockholm's offset of that day ("2026-06-15T18:00:00+02:00"), or None."""
    return local(value).isoformat() if value is not None else None


def parse_local(value):
    """A datetime from ISO 8601 text (or a datetime) on Stockholm's clock, for formatting."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return local(moment)
