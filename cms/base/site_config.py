"""The typed, validated schema of `sites/<slug>.toml`, one file per kommun.

Every microsite's name, domain, languages, brand, location, facts and relocation
coordinator live in these files so that a kommun can be configured without touching
code. `load_all_sites()` reads and validates every file and reports *all* problems at
once, each naming the file and the key.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from cms import languages

from .exceptions import ConfigurationError

SOURCE_LANGUAGE = languages.SOURCE
#: The languages a kommun may publish in (the registry's, the source first).
KNOWN_LANGUAGES = languages.CODES

#: Norrbotten's bounding box, generously rounded; anything outside is a typo.
NORRBOTTEN_LATITUDE = (65.0, 69.1)
NORRBOTTEN_LONGITUDE = (15.4, 24.2)

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
Latitude = Annotated[float, Field(ge=NORRBOTTEN_LATITUDE[0], le=NORRBOTTEN_LATITUDE[1])]
Longitude = Annotated[float, Field(ge=NORRBOTTEN_LONGITUDE[0], le=NORRBOTTEN_LONGITUDE[1])]


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio between two #rrggbb colours."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _translations(required=(SOURCE_LANGUAGE, languages.INTERFACE)):
    """A validator factory: a {language: text} table with the required languages present."""

    def check(value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(KNOWN_LANGUAGES))
        if unknown:
            raise ValueError(f"unknown language code(s) {', '.join(unknown)}")
        missing = [code for code in required if not (value.get(code) or "").strip()]
        if missing:
            raise ValueError(f"missing text in {', '.join(missing)}")
        return value

    return check


class Brand(_Strict):
    """How the microsite looks."""

    primary: str
    """Main colour (#rrggbb); white text on it must reach WCAG AA contrast (4.5:1)."""
    accent: str
    """Highlight colour (#rrggbb)."""
    logo: str
    """Path of the logo (SVG or PNG), relative to `sites/`."""

    @field_validator("primary", "accent")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not HEX_COLOUR.match(value):
            raise ValueError(f"{value!r} is not a colour of the form #rrggbb")
        return value.lower()

    @field_validator("primary")
    @classmethod
    def _readable(cls, value: str) -> str:
        ratio = contrast_ratio(value, "#ffffff")
        if ratio < 4.5:
            raise ValueError(f"white text on {value} has a contrast ratio of {ratio:.2f}; WCAG AA needs 4.5")
        return value

    @field_validator("logo")
    @classmethod
    def _logo_exists(cls, value: str) -> str:
        if not (settings.SITES_DIR / value).is_file():
            raise ValueError(f"the logo file sites/{value} does not exist")
        return value


class Location(_Strict):
    """Where the kommun's main town is, for maps and distances."""

    latitude: Latitude
    longitude: Longitude


class Facts(_Strict):
    """Short facts shown on the home and about pages."""

    population: int = Field(gt=0)
    """Number of inhabitants."""
    area_km2: int = Field(gt=0)
    """Land area in square kilometres."""
    nearest_airport: str
    """Name of the nearest airport with scheduled flights."""
    airport_distance_km: int = Field(ge=0)
    """Road distance from the main town to that airport."""
    tagline: dict[str, str]
    """A short slogan, in the site's languages."""
    airport_minutes: int | None = Field(default=None, ge=0)
    """Travel time by road from the main town to `nearest_airport`, in minutes (the region front door compares it)."""
    nearest_hospital: str | None = None
    """Name of the nearest hospital with an emergency department."""
    hospital_minutes: int | None = Field(default=None, ge=0)
    """Travel time by road from the main town to `nearest_hospital`, in minutes."""
    travel_source: str | None = None
    """Where the two travel times come from (named on the region front door beside them)."""
    minority_languages: list[Literal["fi", "fit", "smi"]] = []
    """The national minority languages whose administrative area (förvaltningsområde) the kommun belongs to:
    Finnish (`fi`), Meänkieli (`fit`), Sami (`smi`). Residents may use them with the kommun."""

    _tagline = field_validator("tagline")(_translations())


class Coordinator(_Strict):
    """The kommun's relocation coordinator: the person a newcomer can write to."""

    name: str
    title: dict[str, str]
    """Job title, in Swedish and English at least."""
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str
    languages: list[str]
    """Languages the coordinator speaks (codes)."""
    address: str

    _title = field_validator("title")(_translations())


class HousingFeed(_Strict):
    """A landlord's or housing company's vacancy feed, read by `import_housing` and the nightly publish.

    The feed's own column names and words are mapped onto the canonical schema of
    `cms/imports/FEEDS.md`; a feed already in that schema needs only a name, a format
    and where to find it.
    """

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """ASCII identifier of the feed within the kommun; its listings carry `source = "feed:<kommun>:<name>"`."""
    format: Literal["csv", "json"]
    """How the feed is written: `csv` (a header row, then one home per row) or `json` (a list of objects)."""
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    """Where the nightly import downloads the feed (http or https); give `url` or `path`, not both."""
    path: str | None = None
    """A file to read instead of a URL, relative to `sites/` (or absolute)."""
    fields: dict[str, str] = {}
    """Our field -> their column (CSV) or key (JSON; dots reach into nested objects). Unmapped fields are
    looked for under their own name."""
    values: dict[str, dict[str, str]] = {}
    """Their words -> ours, per field: `values.tenure` ("Hyresrätt" = "rental") and
    `values.neighbourhood` (their area name = our neighbourhood slug). Matched ignoring case."""
    defaults: dict[str, str] = {}
    """Values for fields the feed does not carry, the same for every record (e.g. `landlord = "PiteBo"`)."""
    records: str | None = None
    """JSON only: the key (dots for nested keys) of the list of records when the file is an object rather than a list."""
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    """CSV only: the character between columns (`;` in many Swedish spreadsheet exports)."""
    encoding: str = "utf-8-sig"
    """The file's text encoding (e.g. `cp1252` for old Excel exports); a UTF-8 byte-order mark is skipped."""
    max_unpublish_share: float = Field(default=0.5, ge=0, le=1)
    """When a run would unpublish more than this share of the feed's live listings (an empty or truncated
    feed, most likely), it changes nothing and says so, unless forced (`--force`)."""

    @field_validator("fields", "defaults")
    @classmethod
    def _known_fields(cls, value: dict[str, str]) -> dict[str, str]:
        from cms.imports.housing.schema import FIELD_NAMES

        unknown = sorted(set(value) - set(FIELD_NAMES))
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}; the fields are those of cms/imports/FEEDS.md")
        empty = sorted(name for name, column in value.items() if not column.strip())
        if empty:
            raise ValueError(f"no value given for {', '.join(empty)}")
        return value

    @field_validator("values")
    @classmethod
    def _known_words(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        from cms.imports.housing.schema import TENURE_VALUES

        unknown = sorted(set(value) - {"tenure", "neighbourhood"})
        if unknown:
            raise ValueError(f"words can be given for tenure and neighbourhood only, not {', '.join(unknown)}")
        wrong = sorted(ours for ours in value.get("tenure", {}).values() if ours not in TENURE_VALUES)
        if wrong:
            raise ValueError(f"tenure {', '.join(map(repr, wrong))} is not one of {', '.join(TENURE_VALUES)}")
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        try:
            codecs.lookup(value)
        except LookupError as exc:
            raise ValueError(f"{value!r} is not a text encoding Python knows") from exc
        return value

    @model_validator(mode="after")
    def _one_location(self) -> HousingFeed:
        if (self.url is None) == (self.path is None):
            raise ValueError(f"the feed {self.name!r} needs either url or path (not both)")
        return self

    @property
    def location(self) -> str:
        """The URL or the absolute path the feed is read from."""
        return self.url or str(settings.SITES_DIR / self.path)


class SiteConfig(_Strict):
    """One kommun's microsite."""

    slug: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    """ASCII identifier, also the file name and the development hostname `<slug>.localhost`."""
    name: str
    """The kommun's name as written in Swedish (Luleå, Övertorneå)."""
    domain: str = Field(pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$")
    """The production domain of the microsite."""
    languages: list[str]
    """Languages the microsite is published in; Swedish (the source) first."""
    brand: Brand
    location: Location
    facts: Facts
    coordinator: Coordinator
    housing_feeds: list[HousingFeed] = []
    """The kommun's housing vacancy feeds, imported every night before the build (`[[housing_feeds]]`)."""
    source_updated_notice: bool = False
    """Show visitors a small "the Swedish version has been updated" notice on a translated page or listing whose
    Swedish original was published after the translation was last published or checked
    (`cms/translations/notice.py`)."""

    @field_validator("housing_feeds")
    @classmethod
    def _unique_feed_names(cls, value: list[HousingFeed]) -> list[HousingFeed]:
        names = [feed.name for feed in value]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"two feeds are called {', '.join(twice)}")
        return value

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        unknown = [code for code in value if code not in KNOWN_LANGUAGES]
        if unknown:
            raise ValueError(f"unknown language code(s) {', '.join(unknown)}; known: {', '.join(KNOWN_LANGUAGES)}")
        if not value or value[0] != SOURCE_LANGUAGE:
            raise ValueError(f"the first language must be the source language {SOURCE_LANGUAGE!r}")
        if len(set(value)) != len(value):
            raise ValueError("a language is listed twice")
        return value

    @model_validator(mode="after")
    def _tagline_in_every_language(self) -> SiteConfig:
        missing = [code for code in self.languages if not self.facts.tagline.get(code)]
        if missing:
            raise ValueError(f"facts.tagline has no text for the site's language(s) {', '.join(missing)}")
        return self

    @property
    def dev_hostname(self) -> str:
        return f"{self.slug}.localhost"

    def microsite_url(self, path: str = "/") -> str:
        """The address of `path` on this kommun's published microsite (settings.MICROSITE_URL)."""
        return settings.MICROSITE_URL.format(domain=self.domain, slug=self.slug).rstrip("/") + path


def _describe(error: dict) -> str:
    key = ".".join(str(part) for part in error["loc"]) or "(top level)"
    message = error["msg"].removeprefix("Value error, ")
    return f"{key}: {message}"


def load_site(path: Path) -> SiteConfig:
    """Read and validate one file; raise ConfigurationError naming the file and keys."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{path} is not valid TOML: {exc}.") from exc
    try:
        config = SiteConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(e) for e in exc.errors())
        raise ConfigurationError(f"{path} is invalid: {problems}.") from exc
    if config.slug != path.stem:
        raise ConfigurationError(f"{path} is invalid: slug: {config.slug!r} must match the file name {path.stem!r}.")
    return config


def read_sites(directory: Path | None = None) -> tuple[dict[str, SiteConfig], dict[str, str]]:
    """Every site file under `sites/`, read on its own: the valid configurations keyed by slug, and
    for each broken file (keyed by its name without `.toml`) the sentence naming its keys and problems."""
    directory = Path(directory or settings.SITES_DIR)
    configs, errors = {}, {}
    for path in sorted(directory.glob("*.toml")):
        try:
            config = load_site(path)
        except ConfigurationError as exc:
            errors[path.stem] = str(exc)
            continue
        configs[config.slug] = config
    return configs, errors


def load_all_sites(directory: Path | None = None) -> dict[str, SiteConfig]:
    """Every site under `sites/`, keyed by slug; all errors reported together."""
    directory = Path(directory or settings.SITES_DIR)
    configs, errors = read_sites(directory)
    if errors:
        raise ConfigurationError("\n".join(errors.values()))
    if not configs:
        raise ConfigurationError(f"No site configuration files (*.toml) were found in {directory}.")
    return configs


@lru_cache(maxsize=1)
def _read_once() -> tuple[dict[str, SiteConfig], dict[str, str]]:
    return read_sites()


def site_configs() -> dict[str, SiteConfig]:
    """The validated configuration of every site whose file is valid, read once per process.

    A broken file takes only its own kommun out (see `broken_sites`): the build fails that kommun
    and the public service answers 503 for it, while every other kommun goes on."""
    return _read_once()[0]


def broken_sites() -> dict[str, str]:
    """{slug: the sentence naming the file, its keys and what is wrong} for each site file that is not valid."""
    return _read_once()[1]


def site_config(slug: str) -> SiteConfig:
    """One kommun's configuration; ConfigurationError naming the file and keys when its file is broken."""
    if slug in broken_sites():
        raise ConfigurationError(broken_sites()[slug])
    try:
        return site_configs()[slug]
    except KeyError:
        raise ConfigurationError(f"There is no site file sites/{slug}.toml for the kommun {slug}.") from None


# Forgetting what was read (tests that change a site file) forgets both halves of it.
site_configs.cache_clear = broken_sites.cache_clear = _read_once.cache_clear
