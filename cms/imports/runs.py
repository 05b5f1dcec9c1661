"""Every import run is written down, whether it went well, stopped or failed, for the admin report."""

from django.core.management.base import CommandError
from django.utils import timezone

from cms.base.exceptions import NorrbottenError

from .models import ImportRun
from .sources import public_name


class ImportFailed(NorrbottenError):
    """A run that failed and was recorded as such; the cause is the original error."""

    def __init__(self, run):
        super().__init__(run.message)
        self.run = run


def tell(command, report):
    """What an import command says of its run: each rejection on stderr and the summary on stdout,
    or the summary as the command's error when the run stopped."""
    for line in report.rejected:
        command.stderr.write(line)
    if report.stopped:
        raise CommandError(report.summary())
    command.stdout.write(report.summary())


def recorded_run(kind, source, location, work, kommun=None):
    """Run `work()` (which returns an ImportReport) and record it as an ImportRun; returns (run, report).

    Any failure is recorded with its sentence and raised as ImportFailed, so the caller
    decides whether it stops (a command) or goes on (the nightly run)."""
    run = ImportRun(
        kind=kind, source=source, location=public_name(location)[:500], kommun=kommun, started_at=timezone.now()
    )
    try:
        report = work()
    except Exception as exc:
        run.status, run.message = "failed", failure_message(exc)
        run.finished_at = timezone.now()
        run.save()
        raise ImportFailed(run) from exc
    run.status = "stopped" if report.stopped else "ok"
    run.message = report.stopped
    run.added, run.updated, run.unchanged = report.added, report.updated, report.unchanged
    run.unpublished, run.rejected, run.rejections = report.unpublished, len(report.rejected), report.rejected
    run.finished_at = timezone.now()
    run.save()
    return run, report


def failure_message(exc):
    """The sentence a failed run is reported with: ours as we wrote it, anything else as a crash."""
    if isinstance(exc, NorrbottenError):
        return str(exc)
    return f"The import crashed ({type(exc).__name__}: {exc}); nothing was changed."
