"""Benchmark the build's "did anything change" stamp on an existing database; prints a table.

    DATABASE_URL=sqlite:////tmp/norrbotten-scale/scale.sqlite3 .venv/bin/python bench/bench_stamp.py [--repeat 5]

Point it at the database bench/bench_scale.py grows (about 21,000 pages) to see the stamp's
share of a no-change `build.py --publish`: the region's stamp and every kommun's, as the
pipeline computes them before deciding that nothing needs building. Reads only.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    from bench.table import print_table
    from cms.base.models import Kommun
    from cms.sitebuild.stamp import kommun_stamp, region_stamp

    kommuner = list(Kommun.objects.select_related("site", "collection").order_by("slug"))
    configs = [kommun.config for kommun in kommuner]  # the site files are read before the pipeline stamps
    walls, cpus = [], []
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            region = region_stamp()
            for kommun in kommuner:
                kommun_stamp(kommun, "theme", region)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    pages = Page.objects.filter(depth__gt=1).count()
    print_table(
        [
            (
                f"stamp of {len(kommuner)} kommuner, median of {args.repeat}",
                statistics.median(walls),
                f"{statistics.median(cpus):.2f} s CPU; {len(queries.captured_queries)} queries; "
                f"{pages} pages; {len(configs)} site files",
            )
        ]
    )


if __name__ == "__main__":
    main()
