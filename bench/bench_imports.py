"""Benchmark a housing feed import; prints a table.

    .venv/bin/python bench/bench_imports.py [--rows 5000] [--workdir /tmp/norrbotten-bench-imports]

Uses its own SQLite database under --workdir, never the project's. Makes a feed of
--rows homes in the canonical schema for Piteå (two languages each), then measures the
first import (every home added and published), the same feed again (nothing changed),
the feed with a tenth of the rents changed, and a truncated feed that is refused.
"""

import argparse
import csv
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COLUMNS = [
    "id",
    "address",
    "tenure",
    "rooms",
    "living_area_m2",
    "monthly_rent_sek",
    "latitude",
    "longitude",
    "landlord",
    "description",
    "description_en",
]


def write_feed(path, rows, rent_bump=0.0, seed=1):
    rng = random.Random(seed)
    bumped = random.Random(seed + 1)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for number in range(rows):
            rooms = rng.randint(1, 5)
            rent = 3000 + rooms * 1500 + rng.randint(0, 40) * 50
            if bumped.random() < rent_bump:
                rent += 250
            writer.writerow(
                [
                    f"B-{number:06d}",
                    f"Benchgatan {number + 1}",
                    "rental",
                    rooms,
                    rooms * 24 + rng.randint(0, 15),
                    rent,
                    round(65.3172 + rng.uniform(-0.02, 0.02), 5),
                    round(21.4794 + rng.uniform(-0.03, 0.03), 5),
                    "Bench Bostäder",
                    f"{rooms} rum och kök på Benchgatan {number + 1}.",
                    f"{rooms} rooms and a kitchen on Benchgatan {number + 1}.",
                ]
            )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/norrbotten-bench-imports"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    database = args.workdir / "bench.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["MEDIA_ROOT"] = str(args.workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from bench.table import print_table
    from cms.base.models import Kommun
    from cms.base.site_config import HousingFeed
    from cms.imports.housing.load import import_feed

    settings.DEBUG = False  # DEBUG keeps every query in memory, which would skew the timings
    call_command("migrate", verbosity=0)
    call_command("sync_kommuner", verbosity=0)
    pitea = Kommun.objects.get(slug="pitea")
    feed = HousingFeed(name="bench", format="csv", path=str(args.workdir / "bench.csv"))
    rows = []

    def measure(name, count):
        started = time.perf_counter()
        report = import_feed(pitea, feed)
        seconds = time.perf_counter() - started
        notes = f"{report.counts()}; {count / seconds:.0f} rows/s"
        rows.append((name, seconds, notes + (" (stopped: nothing changed)" if report.stopped else "")))

    write_feed(feed.location, args.rows)
    measure(f"first import, {args.rows:,} homes", args.rows)
    measure("the same feed again, nothing changed", args.rows)
    write_feed(feed.location, args.rows, rent_bump=0.1)
    measure("a tenth of the rents changed", args.rows)
    write_feed(feed.location, args.rows // 4)
    measure("a truncated feed (a quarter of it), refused", args.rows // 4)
    print_table(rows)


if __name__ == "__main__":
    main()
