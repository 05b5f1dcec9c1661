import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from cms.base.demo.loader import DemoLoader
from cms.base.exceptions import NorrbottenError

#: Why the demo is never loaded under production settings (`load_demo` and `build.py --demo` say it, exit 2).
REFUSED_IN_PRODUCTION = (
    "The demo content is not loaded under production settings: it creates 'admin' and an 'editor-<slug>' per "
    "kommun with a password the README publishes. Load it with cms.settings.dev on a machine of your own."
)


class Command(BaseCommand):
    help = (
        "Seed the CMS with the demo content in content/demo/ (all 14 kommuner): pages in every language, "
        "housing, activities, jobs, an 'admin' superuser and an 'editor-<slug>' per kommun with the password "
        "from DEMO_PASSWORD (default 'demo'; for local use only). Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kommun",
            action="append",
            dest="kommuner",
            metavar="SLUG",
            help="Load only this kommun's content (repeatable). Every site is still created.",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_CONTENT_ALLOWED:
            raise CommandError(REFUSED_IN_PRODUCTION, returncode=2)
        verbose = options["verbosity"] > 0
        loader = DemoLoader(
            password=os.environ.get("DEMO_PASSWORD", "demo"),
            only=options["kommuner"],
            report=(lambda line: self.stdout.write(line)) if verbose else (lambda line: None),
        )
        try:
            with translation.override("en"):  # messages for the operator, in one language
                created = loader.load()
        except NorrbottenError as exc:
            raise CommandError(str(exc)) from exc
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {created} records created."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo content was already loaded; nothing changed."))
