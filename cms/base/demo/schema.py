"""The validated shape of the demo content files under `content/demo/`.

See `content/demo/SCHEMA.md` for the format. Errors name the file, the record (by
its slug where it has one) and the field.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from cms.activities.forms import SPOKEN_LANGUAGE_CODES

from ..exceptions import ContentError
from ..site_config import KNOWN_LANGUAGES, Latitude, Longitude

DRIVERS = ("family", "equality", "nature", "helping-others", "healthy-lifestyle", "environment")
PHASES = ("inventory", "attract", "recruit", "introduce", "welcome", "take-root")
TOPICS = ("nature", "culture", "work", "schools", "healthcare")
SECTION_KINDS = ("top_picks", "virtual_tour", "nature", "culture", "jobs", "housing", "activities", "stories", "guide")


def _require(*codes):
    def check(value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(KNOWN_LANGUAGES))
        if unknown:
            raise ValueError(f"unknown language code(s) {', '.join(unknown)}")
        missing = [code for code in codes if not (value.get(code) or "").strip()]
        if missing:
            raise ValueError(f"missing text in {', '.join(missing)}")
        return value

    return AfterValidator(check)


SvEn = Annotated[dict[str, str], _require("sv", "en")]
AllSix = Annotated[dict[str, str], _require(*KNOWN_LANGUAGES)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
DriverSlug = Literal[DRIVERS]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Driver(_Record):
    slug: DriverSlug
    name: AllSix
    description: AllSix


class SharedItem(_Record):
    slug: Slug
    title: AllSix
    summary: AllSix
    body: AllSix
    drivers: list[DriverSlug] = []


class Step(_Record):
    slug: Slug
    title: AllSix
    body: AllSix
    office: str
    url: str = Field(pattern=r"^https?://")


class Phase(_Record):
    slug: Literal[PHASES]
    title: AllSix
    intro: AllSix
    steps: list[Step] = Field(min_length=1)


class Region(_Record):
    drivers: list[Driver]
    shared: list[SharedItem] = Field(min_length=1)
    phases: list[Phase]

    @model_validator(mode="after")
    def _complete(self):
        if tuple(d.slug for d in self.drivers) != DRIVERS:
            raise ValueError(f"drivers must be exactly {', '.join(DRIVERS)}, in that order")
        if tuple(p.slug for p in self.phases) != PHASES:
            raise ValueError(f"phases must be exactly {', '.join(PHASES)}, in that order")
        return self


class Common(_Record):
    """Headings and introductions every kommun's demo pages share."""

    sections: dict[str, AllSix]
    guide_title: AllSix
    guide_intro: AllSix
    stories_title: SvEn
    stories_intro: SvEn
    illustrations: dict[str, AllSix]

    @model_validator(mode="after")
    def _all_sections(self):
        missing = [kind for kind in SECTION_KINDS if kind not in self.sections]
        if missing:
            raise ValueError(f"sections has no heading for {', '.join(missing)}")
        return self

    @model_validator(mode="after")
    def _every_illustration_described(self):
        from .illustrations import SCENES

        missing = [scene for scene in SCENES if scene not in self.illustrations]
        if missing:
            raise ValueError(f"illustrations has no alt text for {', '.join(missing)}")
        return self


class Home(_Record):
    headline: AllSix
    intro: AllSix
    nature: AllSix
    culture: AllSix
    jobs: AllSix
    housing: AllSix
    activities: AllSix
    virtual_tour: AllSix


class Fact(_Record):
    label: SvEn
    value: str


class CallToAction(_Record):
    text: SvEn
    url: str = Field(pattern=r"^https?://")


class Topic(_Record):
    slug: Literal[TOPICS]
    drivers: list[DriverSlug] = []
    title: SvEn
    intro: SvEn
    body: SvEn
    facts: list[Fact] = []
    cta: CallToAction | None = None


class Quote(_Record):
    text: SvEn
    by: str


class Story(_Record):
    slug: Slug
    person: str
    moved_from: str
    year_moved: int = Field(ge=1950, le=2030)
    drivers: list[DriverSlug] = []
    title: SvEn
    summary: SvEn
    body: SvEn
    quotes: list[Quote] = []


class Guide(_Record):
    office_name: str
    office_address: str
    office_url: str = Field(pattern=r"^https?://")
    note: AllSix


class Neighbourhood(_Record):
    slug: Slug
    name: str
    latitude: Latitude
    longitude: Longitude
    description: SvEn
    nearest_school: str
    school_distance_km: float = Field(ge=0)
    commute_minutes_to_centre: int = Field(ge=0)
    nature: SvEn
    services: SvEn


class Landlord(_Record):
    name: str
    url: str = Field(pattern=r"^https?://")


class Activity(_Record):
    slug: Slug
    title: SvEn
    description: SvEn
    category: Literal[
        "outdoors",
        "sport",
        "culture",
        "music",
        "food",
        "language-cafe",
        "family",
        "volunteering",
        "association",
        "festival",
    ]
    audience: list[Literal["families", "children", "adults", "seniors"]] = Field(min_length=1)
    languages: list[Literal[tuple(SPOKEN_LANGUAGE_CODES)]] = Field(min_length=1)
    place: str
    latitude: Latitude
    longitude: Longitude
    start: datetime
    end: datetime
    recurrence: Literal["weekly", "monthly"] | None = None
    until: date | None = None
    price_sek: int = Field(ge=0)
    organiser: str
    contact_email: str
    drivers: list[DriverSlug] = []

    @model_validator(mode="after")
    def _dates(self):
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if self.until and not self.recurrence:
            raise ValueError("until is only for a recurring activity")
        return self


class Job(_Record):
    slug: Slug
    title: SvEn
    description: SvEn
    employer: str
    occupation: str
    employment_type: Literal["permanent", "temporary", "seasonal", "part-time"]
    apply_by: date
    posted: date | None = None
    url: str = Field(pattern=r"^https?://")
    # The full ad, as JobTech's have it (all optional): cms.jobs.models.Job's fields of the same names.
    occupation_group: str = ""
    working_hours: Literal["", "full-time", "part-time"] = ""
    languages: list[str] = []
    remote: bool = False
    salary: str = ""
    salary_type: str = ""
    requirements: dict[str, str] = {}
    how_to_apply: dict[str, str] = {}


class KommunContent(_Record):
    home: Home
    topics: list[Topic]
    stories: list[Story] = Field(min_length=2)
    guide: Guide
    neighbourhoods: list[Neighbourhood] = Field(min_length=1)
    streets: list[str] = Field(min_length=3)
    landlords: list[Landlord] = Field(min_length=1)
    activities: list[Activity] = Field(min_length=15)
    jobs: list[Job] = Field(min_length=10)

    @model_validator(mode="after")
    def _unique_and_complete(self):
        if sorted(t.slug for t in self.topics) != sorted(TOPICS):
            raise ValueError(f"topics must be exactly {', '.join(TOPICS)}")
        for name in ("stories", "neighbourhoods", "activities", "jobs"):
            slugs = [item.slug for item in getattr(self, name)]
            duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
            if duplicates:
                raise ValueError(f"{name} has the slug(s) {', '.join(duplicates)} more than once")
        return self


def _where(data, loc):
    """Turn a pydantic location into 'activities[3] (slug "x").end'."""
    parts, node = [], data
    for part in loc:
        if isinstance(part, int):
            slug = (
                node[part].get("slug")
                if isinstance(node, list) and part < len(node) and isinstance(node[part], dict)
                else None
            )
            parts[-1] += f"[{part}]" + (f' (slug "{slug}")' if slug else "")
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts) or "(top level)"


def read(path: Path, model: type[BaseModel]):
    """Parse and validate one demo file; a ContentError names the file, record and field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError(f"The demo file {path} is missing.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"The demo file {path} is not valid TOML: {exc}.") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{_where(data, e['loc'])}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors()
        )
        raise ContentError(f"The demo file {path} has a broken record: {problems}.") from exc
