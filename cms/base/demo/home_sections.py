"""Each demo kommun's home page sections, in its own voice: `content/demo/home_sections/<slug>.toml`.

A kommun's file lists its home page's sections in order (which exist, what they are called, what
they say), as its editors would choose them in the home page's StreamField (cms/home/blocks.py):
Jokkmokk leads with Sami culture and the winter market, Kiruna with the town move. A section
without a heading of its own takes the shared one from `common.toml`'s `[sections]`; a text may
be the kommun's own or one of the texts of its `[home]` table. The file is validated whole before
the home page is written; an error names the file, the section and the field, and stops that
kommun's load (its transaction), as any broken demo record does.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from cms.home.blocks import SECTION_KINDS

from . import schema
from .illustrations import SCENES

#: The texts of a kommun's `[home]` table a section may show.
HOME_TEXTS = ("nature", "culture", "jobs", "housing", "activities", "virtual_tour")
#: Where a section may lead: a topic page by its slug, the stories, the move guide or the kommun's tour story.
LINKS = (*schema.TOPICS, "stories", "guide", "tour")


class Fact(schema._Record):
    label: schema.AllSix
    value: str = Field(min_length=1, max_length=80)


class Section(schema._Record):
    kind: Literal[tuple(name for name, _label in SECTION_KINDS)]
    heading: schema.AllSix | None = None
    text: schema.AllSix | Literal[HOME_TEXTS] | None = None
    link: Literal[LINKS] | None = None
    scene: Literal[tuple(SCENES)] | None = None
    facts: list[Fact] = []

    @model_validator(mode="after")
    def _complete(self):
        if self.heading is None and self.kind in ("facts", "text", "topics"):
            raise ValueError(f"a {self.kind} section needs a heading of its own")
        if self.kind == "facts" and not self.facts:
            raise ValueError("a facts section needs at least one fact")
        if self.kind != "facts" and self.facts:
            raise ValueError("only a facts section has facts")
        if self.scene and self.kind != "text":
            raise ValueError("only a text section has a picture (scene)")
        return self


class HomeSections(schema._Record):
    sections: list[Section] = Field(min_length=3)


def read(directory, slug):
    """The kommun's sections file, validated (a ContentError names what is wrong)."""
    return schema.read(directory / "home_sections" / f"{slug}.toml", HomeSections)


def stream(demo, sections, code, links):
    """The home page's `sections` stream in language `code`. `links`: {link name: {language: page}}."""
    home, common = demo.content.home, demo.common
    blocks = []
    for section in sections.sections:
        heading = section.heading[code] if section.heading else common.sections[section.kind][code]
        if isinstance(section.text, str):
            text = getattr(home, section.text)[code]
        else:
            text = section.text[code] if section.text else ""
        value = {"heading": heading, "text": text}
        if section.kind in ("stories", "jobs", "guide", "text"):
            value["link"] = links[section.link][code].pk if section.link else None
        if section.kind == "text":
            value["image"] = demo.images[section.scene].pk if section.scene else None
        if section.kind == "facts":
            value["facts"] = [{"label": fact.label[code], "value": fact.value} for fact in section.facts]
        blocks.append({"type": section.kind, "value": value})
    return blocks
