"""The home page's "jobs for your profession" section, as a StreamField block a home page can hold."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class JobsForProfessionBlock(blocks.StructBlock):
    """A small section where the visitor picks an occupation group and sees its newest jobs.

    The jobs are the kommun's live jobs, which the build already gives the home page (`jobs`); the block
    holds only what the editor chooses: the heading in the page's language and how many jobs a group shows.
    It renders with `jobs_macros.html`'s `jobs_for_profession` macro."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text=_("Leave empty for “Jobs for your profession”.")
    )
    limit = blocks.IntegerBlock(default=3, min_value=1, max_value=6, help_text=_("Newest jobs shown per group."))

    class Meta:
        icon = "suitcase"
        label = _("Jobs for your profession")

    #: The theme's macro that renders the exported block with the home page's `jobs`.
    template_macro = "jobs_macros.html:jobs_for_profession"

    def export(self, value, context):
        """The editor's heading and limit; the jobs come from the kommun's export, not from the block."""
        return {"kind": "jobs_for_profession", "heading": value.get("heading") or "", "limit": value.get("limit") or 3}
