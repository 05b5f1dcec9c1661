"""The generated part of the demo: enough listings for each kommun to look like a real deployment.

Each kommun's own file (`content/demo/kommuner/<slug>.toml`) holds its hand-written activities
and jobs; this module tops them up from the templates in `content/demo/generated.toml` to a size
in proportion to the kommun's population: the most populous kommuner (`LARGER`) get the full
size of a busy site, the smaller ones less, never below a floor that still fills a search page.
Everything is seeded by the kommun's slug, so a load always generates the same listings.
"""

import random
from datetime import date, datetime, timedelta
from typing import Annotated

from pydantic import Field, ValidationError

from ..exceptions import ContentError
from . import schema

LARGER = 5  # how many of the most populous kommuner get the full size
FULL = {"homes": 40, "activities": 30, "jobs": 25}
FLOOR = {"homes": 12, "activities": 15, "jobs": 10}
FIRST_DAY = date(2027, 1, 4)  # generated activities fall in the first half of 2027
JOBS_URL = "https://arbetsformedlingen.se/platsbanken/"
Key = Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]


class ActivityTemplate(schema._Record):
    """An activity the generator places in a kommun: {kommun}, {area} and {street} filled in."""

    key: Key
    title: schema.SvEn
    description: schema.SvEn
    category: str
    audience: list[str]
    languages: list[str]
    venue: str
    hour: int = Field(ge=6, le=21)
    minutes: int = Field(ge=15, le=480)
    recurrence: str | None = None
    price_sek: int = Field(ge=0)
    organiser: str
    drivers: list[schema.DriverSlug] = []


class JobTemplate(schema._Record):
    """A job ad the generator places in a kommun."""

    key: Key
    title: schema.SvEn
    description: schema.SvEn
    employer: str
    occupation: str
    occupation_group: str
    employment_type: str


class Templates(schema._Record):
    """`content/demo/generated.toml`."""

    activities: list[ActivityTemplate] = Field(min_length=1)
    jobs: list[JobTemplate] = Field(min_length=1)


def read_templates(directory):
    """The validated templates (a broken one names its file, record and field)."""
    return schema.read(directory / "generated.toml", Templates)


def sizes(configs):
    """{slug: {"homes": n, "activities": n, "jobs": n}}: full size for the LARGER most populous
    kommuner, in proportion to population below them, never under FLOOR."""
    populations = sorted((config.facts.population for config in configs.values()), reverse=True)
    reference = populations[min(LARGER, len(populations)) - 1]
    result = {}
    for slug, config in configs.items():
        share = min(1.0, config.facts.population / reference)
        result[slug] = {kind: max(FLOOR[kind], round(FULL[kind] * share)) for kind in FULL}
    return result


def _record(model, where, **fields):
    """A generated record validated as a hand-written one is; a bad template is named."""
    try:
        return model(**fields)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ContentError(f"The demo file generated.toml makes a broken record from {where}: {problems}.") from exc


def _fill(text, words):
    return text.format(**words)


def _texts(texts, words):
    return {code: _fill(text, words) for code, text in texts.items()}


def activities(templates, content, config, count):
    """The kommun's activities topped up to `count`, as demo records (validated like hand-written ones)."""
    rng = random.Random(f"activities:{config.slug}")
    made = list(content.activities)
    number = 0
    while len(made) < count:
        template = templates.activities[number % len(templates.activities)]
        area = content.neighbourhoods[
            (number + rng.randrange(len(content.neighbourhoods))) % len(content.neighbourhoods)
        ]
        words = {"kommun": config.name, "area": area.name, "street": rng.choice(content.streets)}
        day = FIRST_DAY + timedelta(days=rng.randrange(0, 170))
        start = datetime(day.year, day.month, day.day, template.hour, rng.choice((0, 0, 30)))
        made.append(
            _record(
                schema.Activity,
                f"activities ({template.key})",
                slug=f"{template.key}-{area.slug}-{number + 1}",
                title=_texts(template.title, words),
                description=_texts(template.description, words),
                category=template.category,
                audience=template.audience,
                languages=template.languages,
                place=_fill(template.venue, words),
                latitude=round(area.latitude + rng.uniform(-0.003, 0.003), 5),
                longitude=round(area.longitude + rng.uniform(-0.005, 0.005), 5),
                start=start,
                end=start + timedelta(minutes=template.minutes),
                recurrence=template.recurrence,
                until=day + timedelta(weeks=10) if template.recurrence else None,
                price_sek=template.price_sek,
                organiser=_fill(template.organiser, words),
                contact_email=f"{template.key}@{config.slug}.example.org",
                drivers=template.drivers,
            )
        )
        number += 1
    return made


def jobs(templates, content, config, count):
    """The kommun's job ads topped up to `count`."""
    rng = random.Random(f"jobs:{config.slug}")
    made = list(content.jobs)
    number = 0
    while len(made) < count:
        template = templates.jobs[number % len(templates.jobs)]
        area = rng.choice(content.neighbourhoods)
        words = {"kommun": config.name, "area": area.name, "street": rng.choice(content.streets)}
        posted = date(2026, 11, 1) + timedelta(days=rng.randrange(0, 35))
        made.append(
            _record(
                schema.Job,
                f"jobs ({template.key})",
                slug=f"{template.key}-{number + 1}",
                title=_texts(template.title, words),
                description=_texts(template.description, words),
                employer=_fill(template.employer, words),
                occupation=template.occupation,
                occupation_group=template.occupation_group,
                employment_type=template.employment_type,
                apply_by=posted + timedelta(days=rng.randrange(30, 75)),
                posted=posted,
                url=JOBS_URL,
            )
        )
        number += 1
    return made
