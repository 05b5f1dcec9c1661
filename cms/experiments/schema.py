"""The shape of what the microsites send to `POST /api/events`, validated before anything is stored.

pydantic checks the types, sizes and patterns; `check_batch` then checks the batch
against the CMS (a running experiment of that site, one of its variants, its goal; an open
usability session of that site). A batch is stored whole or not at all.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SLUG = r"^[a-z][a-z0-9-]{0,39}$"
VISITOR = r"^[0-9a-f]{32}$"
TOKEN = r"^[A-Za-z0-9_-]{16,32}$"
PATH = r"^/[^\s]{0,299}$"


class Event(BaseModel):
    """One thing a visitor or a session participant did on a microsite."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["exposure", "goal", "page", "search", "click"]
    experiment: int | None = Field(default=None, ge=1)
    variant: str | None = Field(default=None, pattern=r"^[a-f]$")
    visitor: str | None = Field(default=None, pattern=VISITOR)
    page: str = Field(pattern=PATH)
    goal: str | None = Field(default=None, pattern=r"^(cta:[A-Za-z0-9_-]{1,60}|page|search|contact)$")
    detail: str = Field(default="", max_length=200)

    @model_validator(mode="after")
    def _experiment_events_name_their_experiment(self):
        if self.type in ("exposure", "goal") and (self.experiment is None or self.variant is None):
            raise ValueError(f"a {self.type} event needs its experiment and variant")
        if self.type == "goal" and self.goal is None:
            raise ValueError("a goal event needs the goal it reached")
        return self


class Batch(BaseModel):
    """The events one page view sends together."""

    model_config = ConfigDict(extra="forbid")

    site: str = Field(pattern=SLUG)
    session: str | None = Field(default=None, pattern=TOKEN)
    events: list[Event] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _visitors_or_sessions(self):
        for event in self.events:
            if self.session is None and event.type in ("page", "search", "click"):
                raise ValueError(f"{event.type} events are recorded only in a usability session")
            if self.session is None and event.type in ("exposure", "goal") and event.visitor is None:
                raise ValueError(f"a {event.type} event outside a session needs its visitor id")
        return self
