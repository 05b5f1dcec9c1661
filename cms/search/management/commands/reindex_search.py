"""Rebuild the search index from what is published, without taking search down."""

import time

from django.core.management.base import BaseCommand, CommandError

from cms.search.backends import get_backend
from cms.search.backends.server import SearchUnavailable
from cms.search.documents import all_documents


class Command(BaseCommand):
    help = "Rebuild the housing, activity and job search index from the published listings."

    def handle(self, *args, **options):
        backend = get_backend()
        started = time.perf_counter()
        try:
            count = backend.rebuild(all_documents())
        except SearchUnavailable as exc:  # its message says which server and what went wrong; no traceback
            raise CommandError(f"{exc}; the index was not rebuilt, and search keeps its previous one.") from exc
        self.stdout.write(
            f"Indexed {count} documents with the {backend.name} search backend "
            f"in {time.perf_counter() - started:.1f} s."
        )
