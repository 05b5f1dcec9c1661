"""python manage.py import_jobs SOURCE: job ads from JobTech JobSearch (a URL or a saved response)."""

from django.core.management.base import BaseCommand, CommandError

from cms.imports.runs import ImportFailed, recorded_run, tell
from cms.jobs.jobtech import SOURCE, import_source


class Command(BaseCommand):
    """JobTech's ads, by hand or from cron; the nightly publish runs it when JOBTECH_SOURCE is set."""

    help = (
        "Import job ads in Norrbotten's 14 kommuner from the JobTech JobSearch API: "
        "SOURCE is the API's URL (search, snapshot or stream) or a saved JSON response. "
        "The run is recorded for the admin's Imports report."
    )

    def add_arguments(self, parser):
        parser.add_argument("source")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Unpublish the ads a snapshot no longer lists even if they are most of them.",
        )

    def handle(self, source, force=False, **options):
        try:
            _run, report = recorded_run("jobs", SOURCE, source, lambda: import_source(source, force=force))
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        tell(self, report)
