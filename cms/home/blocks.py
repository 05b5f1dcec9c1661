"""The sections a kommun's editors build their home page from.

Each kind of section is a block of its own with an editor-written heading, so which sections a
home page has, their order and what they are called are the kommun's choice (tiny Arjeplog does
not have to announce "World-class culture"); the theme draws each kind and never writes a heading
of its own. The teasers (homes, activities, jobs, stories, topics) show what the build gathers;
the text and facts sections show what the editor writes.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.base.chooser_widgets import ImageChooserBlock, PageChooserBlock
from cms.export.blocks import list_item


class SectionBlock(blocks.StructBlock):
    """What every section has: the heading the kommun gives it and a sentence or two under it."""

    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    text = blocks.TextBlock(required=False, label=_("Introduction"))

    def export(self, value, context):
        return {"heading": value.get("heading", ""), "text": value.get("text", "")}


class LinkedSectionBlock(SectionBlock):
    """A section that leads on to a page of the site (the jobs, the stories, the move guide)."""

    link = PageChooserBlock(required=False, label=_("Read more on"))

    def export(self, value, context):
        return {**super().export(value, context), "link": context.page_url(value.get("link"))}


class TopPicksBlock(SectionBlock):
    """ "Top picks for you": the pages tagged with the drivers the visitor ticks, on the device."""

    class Meta:
        icon = "pick"
        label = _("Top picks for the visitor's drivers")


class StoriesBlock(LinkedSectionBlock):
    """A row of newcomers' stories, with their pictures."""

    class Meta:
        icon = "user"
        label = _("Stories row")


class TopicsBlock(SectionBlock):
    """The kommun's topic pages (nature, culture, work ...) as picture cards."""

    class Meta:
        icon = "list-ul"
        label = _("Topics")


class HousingBlock(SectionBlock):
    """A few homes on offer, and the way to the housing search."""

    class Meta:
        icon = "home"
        label = _("Housing teaser")


class ActivitiesBlock(SectionBlock):
    """The next activities, and the way to all of them."""

    class Meta:
        icon = "date"
        label = _("Activities teaser")


class JobsBlock(LinkedSectionBlock):
    """The newest jobs, and the way to all of them."""

    class Meta:
        icon = "tasks"
        label = _("Jobs teaser")


class JobsForProfessionBlock(SectionBlock):
    """ "Jobs for your profession": the visitor opens their occupation group and sees its newest jobs.

    The jobs are the kommun's open jobs, which the build gives the home page anyway; the editor chooses the
    heading, the introduction and how many jobs a group shows. Without JavaScript it works the same (a
    <details> per group), and each group leads on to the jobs search filtered by it."""

    limit = blocks.IntegerBlock(
        default=3, min_value=1, max_value=6, label=_("Jobs per group"), help_text=_("The newest jobs shown per group.")
    )

    def export(self, value, context):
        return {**super().export(value, context), "limit": value.get("limit") or 3}

    class Meta:
        icon = "suitcase"
        label = _("Jobs for your profession")


class GuideBlock(LinkedSectionBlock):
    """The six phases of the move guide, step by step."""

    class Meta:
        icon = "list-ol"
        label = _("Move guide steps")


class FactBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80, label=_("Label"))
    value = blocks.CharBlock(max_length=80, label=_("Value"))


class FactsBlock(SectionBlock):
    """A few figures the kommun is proud of ("12 hours of midnight sun", "1 500 students")."""

    facts = blocks.ListBlock(FactBlock(), min_num=1, max_num=8, label=_("Facts"))

    def export(self, value, context):
        facts = [{"label": fact["label"], "value": fact["value"]} for fact in map(list_item, value.get("facts", []))]
        return {**super().export(value, context), "facts": facts}

    class Meta:
        icon = "table"
        label = _("Facts")


class FreeTextBlock(LinkedSectionBlock):
    """A section the editor writes freely: a picture, a few sentences, a link."""

    image = ImageChooserBlock(required=False, label=_("Picture"))

    def export(self, value, context):
        return {**super().export(value, context), "image": context.image(value.get("image"), "section image")}

    class Meta:
        icon = "doc-full"
        label = _("Text section")


#: The kinds of section, in the order the block menu offers them: (block name, block).
SECTION_BLOCKS = [
    ("top_picks", TopPicksBlock()),
    ("stories", StoriesBlock()),
    ("topics", TopicsBlock()),
    ("housing", HousingBlock()),
    ("activities", ActivitiesBlock()),
    ("jobs", JobsBlock()),
    ("jobs_for_profession", JobsForProfessionBlock()),
    ("guide", GuideBlock()),
    ("facts", FactsBlock()),
    ("text", FreeTextBlock()),
]

#: (name, label) of each kind, for choosing kinds of section elsewhere (an experiment's new order).
SECTION_KINDS = [(name, block.meta.label) for name, block in SECTION_BLOCKS]
