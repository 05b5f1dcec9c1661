"""python manage.py import_housing KOMMUN [SOURCE] [--feed NAME] [--force]: one housing feed of one kommun."""

from django.core.management.base import BaseCommand, CommandError

from cms.base.exceptions import NorrbottenError
from cms.base.models import Kommun
from cms.imports.housing.feeds import choose_feed
from cms.imports.housing.load import import_feed, source_name
from cms.imports.runs import recorded_run, tell


class Command(BaseCommand):
    """One feed of one kommun, by hand or from cron; the nightly publish runs every feed (cms.imports.nightly)."""

    help = (
        "Import a landlord's or housing company's vacancies (CSV or JSON) as KOMMUN's housing listings, mapped "
        "as its sites/<slug>.toml says (cms/imports/FEEDS.md). Listings are created or updated in place and "
        "published; those the feed no longer lists are unpublished; bad records are skipped and reported. "
        "The run is recorded for the admin's Imports report."
    )

    def add_arguments(self, parser):
        parser.add_argument("kommun", help="the kommun's slug, e.g. pitea")
        parser.add_argument(
            "source", nargs="?", help="a file or URL to read (default: where the feed's configuration says)"
        )
        parser.add_argument(
            "--feed",
            help="which of the kommun's [[housing_feeds]] (default: its only one, or "
            "the canonical schema when it has none)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="unpublish what the feed no longer lists even if that is more than its max_unpublish_share",
        )

    def handle(self, kommun, source=None, feed=None, force=False, **options):
        try:
            row = Kommun.objects.get(slug=kommun)
        except Kommun.DoesNotExist:
            known = ", ".join(Kommun.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"No kommun is called {kommun!r}; known: {known}.") from None
        try:
            chosen = choose_feed(row.config, feed, source)
            location = source or chosen.location
            _run, report = recorded_run(
                "housing",
                source_name(row, chosen),
                location,
                lambda: import_feed(row, chosen, location, force=force),
                kommun=row,
            )
        except NorrbottenError as exc:
            raise CommandError(str(exc)) from exc
        tell(self, report)
