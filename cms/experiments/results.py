"""An experiment's counts from its stored events, and what the results page shows of them.

Visitors are counted once per variant (their random per-experiment id); a conversion is
a visitor of a variant who reached the goal after seeing that variant. Usability
sessions force a variant on purpose, so their events are counted apart and never enter
the test's statistics.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Exists, Min, OuterRef

from cms.base.times import local

from .models import EventKind, ExperimentEvent


def _variant_counts(experiment, from_sessions):
    events = ExperimentEvent.objects.filter(experiment=experiment, session__isnull=not from_sessions)
    exposed = events.filter(kind=EventKind.EXPOSURE)
    visitors = dict(exposed.values_list("variant").annotate(n=Count("visitor", distinct=True)))
    seen = exposed.filter(variant=OuterRef("variant"), visitor=OuterRef("visitor"))
    conversions = dict(
        events.filter(kind=EventKind.GOAL)
        .filter(Exists(seen))
        .values_list("variant")
        .annotate(n=Count("visitor", distinct=True))
    )
    return visitors, conversions


def analysis(experiment):
    """The fixed-horizon analysis of the visitors who took part online (statistics.analyse)."""
    from . import statistics  # SciPy is large: only the results page loads it

    variants = list(experiment.variants.order_by("key"))
    visitors, conversions = _variant_counts(experiment, from_sessions=False)
    rows = [(v.key, v.name, v.weight, visitors.get(v.key, 0), conversions.get(v.key, 0)) for v in variants]
    planned = experiment.planned_sample_size or experiment.plan(len(variants))
    return statistics.analyse(rows, planned)


def session_counts(experiment):
    """[(variant, sessions, sessions that reached the goal)] from usability sessions."""
    visitors, conversions = _variant_counts(experiment, from_sessions=True)
    return [(v, visitors.get(v.key, 0), conversions.get(v.key, 0)) for v in experiment.variants.order_by("key")]


def daily_visitors(experiment):
    """[(date, {variant: cumulative visitors})] from each visitor's first exposure, day by day: Stockholm's
    days, so a visitor at 00:30 in July counts on that day, not on UTC's day before."""
    firsts = (
        ExperimentEvent.objects.filter(experiment=experiment, kind=EventKind.EXPOSURE, session__isnull=True)
        .values("variant", "visitor")
        .annotate(first=Min("created_at"))
    )
    per_day = defaultdict(lambda: defaultdict(int))
    for row in firsts:
        per_day[local(row["first"]).date()][row["variant"]] += 1
    if not per_day:
        return []
    keys = list(experiment.variants.order_by("key").values_list("key", flat=True))
    day, last = min(per_day), max(per_day)
    totals, series = dict.fromkeys(keys, 0), []
    while day <= last:
        for key in keys:
            totals[key] += per_day[day][key]
        series.append((day, dict(totals)))
        day += timedelta(days=1)
    return series


def rate_chart(result, width=560, row_height=36):
    """Geometry of a bar chart of the rates with their 95% intervals (an SVG in the template)."""
    top = max([r.interval[1] for r in result.variants] + [0.01])
    scale = (width - 140) / top
    bars = []
    for index, row in enumerate(result.variants):
        y = index * row_height + 8
        bars.append(
            {
                "label": f"{row.key.upper()}: {row.name}",
                "y": y,
                "text_y": y + 16,
                "width": max(row.rate * scale, 1),
                "low": 120 + row.interval[0] * scale,
                "high": 120 + row.interval[1] * scale,
                "rate": row.rate,
            }
        )
    return {"width": width, "height": len(bars) * row_height + 16, "bars": bars}
