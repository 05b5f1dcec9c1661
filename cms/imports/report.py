"""What one import run did, in the words its log line and the admin report use."""

from dataclasses import dataclass, field

from cms.base.exceptions import ContentError


class FeedError(ContentError):
    """A source cannot be read at all (missing, unreachable, not the expected shape); nothing was changed."""


@dataclass
class ImportReport:
    """The counts and sentences of one run of one source, whichever kind of listing it brings in.

    `stopped` holds the sentence saying why a run refused to unpublish (an empty or
    truncated feed); a run that stopped changed nothing it would have unpublished.
    """

    source: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    unpublished: int = 0
    rejected: list = field(default_factory=list)  # one sentence per skipped record, naming it and the field
    stopped: str = ""

    def counts(self):
        """The counts as one phrase, the same in the build's log and the command's output."""
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.unpublished} unpublished, {len(self.rejected)} rejected"
        )

    def outcome(self):
        """The counts, and why the run stopped if it did, as the log and the command print them."""
        return f"{self.counts()}." + (f" {self.stopped}" if self.stopped else "")

    def summary(self):
        """The source and its outcome in one line, as the commands print it."""
        return f"{self.source}: {self.outcome()}"
