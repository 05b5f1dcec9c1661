"""The figures the region front door compares the 14 kommuner by, each computed from the CMS and `sites/`.

Nothing here is typed in: population, travel times and minority languages are read from each
kommun's `sites/<slug>.toml`; rents, jobs and activities are counted in the published listings
as they are on `today`; daylight is solar geometry at the kommun's latitude. The build writes
these figures into the region site (cms.sitebuild.region_site), and the same function is what a
test asks, so a figure on the page is the figure the CMS holds.
"""

import calendar
import statistics
from dataclasses import asdict, dataclass, field
from datetime import datetime, time

from django.db.models import Count, Q

from cms.base.times import STOCKHOLM

from .daylight import daylight_hours, midsummer, midwinter

#: The home the comparison prices: a three-room rental (kitchen not counted, as Swedish ads count rooms).
COMPARED_ROOMS = 3


@dataclass
class KommunFigures:
    """One kommun's row in the comparison."""

    slug: str
    name: str
    domain: str
    languages: list
    population: int
    rent_median: int | None  # SEK a month, median of live three-room rentals; None without any
    rent_listings: int
    open_jobs: int
    activities_this_month: int
    daylight_december: float  # hours at midwinter
    daylight_june: float  # hours at midsummer
    airport: str
    airport_minutes: int | None
    hospital: str | None
    hospital_minutes: int | None
    travel_source: str | None
    minority_languages: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)


def today_in_stockholm():
    """The region's own date: a figure "today" or "this month" follows Stockholm's calendar."""
    return datetime.now(STOCKHOLM).date()


def month_bounds(day):
    """The first and last moment of `day`'s month, on Stockholm's clock."""
    first = day.replace(day=1)
    last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return datetime.combine(first, time(), tzinfo=STOCKHOLM), datetime.combine(last, time.max, tzinfo=STOCKHOLM)


def rents(kommuner):
    """{kommun id: the monthly rents of its live three-room rentals} (one query for every kommun: the figures are
    counted in every build that publishes, and a query per kommun and figure was a twentieth of an edit's publish)."""
    from cms.housing.models import HousingListing

    found = {kommun.pk: [] for kommun in kommuner}
    for kommun_id, rent in HousingListing.objects.filter(
        kommun__in=kommuner, live=True, tenure="rental", rooms=COMPARED_ROOMS, monthly_rent_sek__isnull=False
    ).values_list("kommun_id", "monthly_rent_sek"):
        found[kommun_id].append(rent)
    return found


def rent_median(rents):
    """(the median of `rents`, rounded to a krona, or None without any; how many there are)."""
    return (round(statistics.median(rents)) if rents else None), len(rents)


def open_jobs(kommuner, today):
    """{kommun id: its live jobs whose last day to apply has not passed}."""
    from cms.jobs.models import Job

    jobs = Job.objects.filter(kommun__in=kommuner, live=True).filter(Q(apply_by__isnull=True) | Q(apply_by__gte=today))
    return _counted(kommuner, jobs)


def activities_in_month(kommuner, today):
    """{kommun id: its live, approved activities that take place in `today`'s month: starting in it, running
    through it, or repeating into it}."""
    from cms.activities.models import Activity, ModerationStatus

    start, end = month_bounds(today)
    once = Q(recurrence="") & Q(start__lte=end) & (Q(start__gte=start) | Q(end__gte=start))
    repeating = ~Q(recurrence="") & Q(start__lte=end) & (Q(until__isnull=True) | Q(until__gte=start.date()))
    activities = Activity.objects.filter(
        kommun__in=kommuner, live=True, moderation_status=ModerationStatus.APPROVED
    ).filter(once | repeating)
    return _counted(kommuner, activities)


def _counted(kommuner, queryset):
    """{kommun id: how many rows of `queryset` are the kommun's} (0 for a kommun with none)."""
    counts = dict(queryset.order_by().values_list("kommun_id").annotate(count=Count("pk")))
    return {kommun.pk: counts.get(kommun.pk, 0) for kommun in kommuner}


def kommun_figures(kommun, today, counted):
    """Every figure of one kommun (a `Kommun` row with its valid site configuration) on `today`; `counted` is
    (`rents`, `open_jobs`, `activities_in_month`) of the kommuner compared."""
    config = kommun.config
    facts, latitude = config.facts, config.location.latitude
    rents_of, jobs_of, activities_of = counted
    median, listings = rent_median(rents_of[kommun.pk])
    return KommunFigures(
        slug=kommun.slug,
        name=config.name,
        domain=config.domain,
        languages=list(config.languages),
        population=facts.population,
        rent_median=median,
        rent_listings=listings,
        open_jobs=jobs_of[kommun.pk],
        activities_this_month=activities_of[kommun.pk],
        daylight_december=round(daylight_hours(latitude, midwinter(today.year)), 1),
        daylight_june=round(daylight_hours(latitude, midsummer(today.year)), 1),
        airport=facts.nearest_airport,
        airport_minutes=facts.airport_minutes,
        hospital=facts.nearest_hospital,
        hospital_minutes=facts.hospital_minutes,
        travel_source=facts.travel_source,
        minority_languages=list(facts.minority_languages),
    )


def region_figures(today=None):
    """(the day counted, [KommunFigures] of every kommun whose site file is valid, by name).

    A kommun whose `sites/<slug>.toml` is broken is left out of the comparison (its own build names
    the file and key); the others are compared as always."""
    from cms.base.models import Kommun
    from cms.base.site_config import broken_sites

    today = today or today_in_stockholm()
    broken = broken_sites()
    kommuner = [k for k in Kommun.objects.order_by("slug") if k.slug not in broken]
    counted = (rents(kommuner), open_jobs(kommuner, today), activities_in_month(kommuner, today))
    rows = [kommun_figures(k, today, counted) for k in kommuner]
    return today, sorted(rows, key=lambda row: row.name)
