"""Benchmark the static build on the demo content; prints a table.

    .venv/bin/python bench/bench_build.py [--workdir /tmp/norrbotten-bench]

Uses its own SQLite database and media folder under --workdir, never the project's.
Measures: loading the demo, a full build of all 14 sites, a rebuild with nothing
changed, a one-page edit until it is live, and peak memory (the largest process).
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/norrbotten-bench"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(args.workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    os.environ.setdefault("CI", "1")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.table import print_table
    from cms.base.models import Kommun
    from cms.sitebuild import pipeline
    from cms.topics.models import TopicPage

    rows = []
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    rows.append(("load the demo (14 kommuner)", time.perf_counter() - started, ""))

    output = args.workdir / "site"
    if output.exists():
        import shutil

        shutil.rmtree(output)
    report = pipeline.run(output, publish=True, jobs=args.jobs)
    pages = report.pages
    html = sum(1 for _ in (output / "public").resolve().rglob("*.html"))
    rows.append(
        (
            "full build, 14 sites x 6 languages, image cache cold",
            report.seconds,
            f"{pages} files ({html} HTML pages), {pages / report.seconds:.0f} files/s",
        )
    )

    import shutil

    shutil.rmtree(output / "releases")
    (output / "public").unlink()
    report = pipeline.run(output, publish=True, jobs=args.jobs)
    rows.append(
        (
            "full build again, image cache warm",
            report.seconds,
            f"{report.pages} files, {report.pages / report.seconds:.0f} files/s",
        )
    )

    report = pipeline.run(output, publish=True, jobs=args.jobs)
    rows.append(("rebuild, nothing changed", report.seconds, report.message))

    page = TopicPage.objects.descendant_of(Kommun.objects.get(slug="pitea").site.root_page).get(slug="culture")
    page.title = f"{page.title} (edited {time.time():.0f})"
    edited = time.perf_counter()
    page.save_revision().publish()
    report = pipeline.run(output, publish=True, jobs=args.jobs)
    rendered = sum(r.rendered for r in report.results)
    rows.append(
        (
            "one page edited, until live",
            time.perf_counter() - edited,
            f"{rendered} files rendered, {sum(r.reused for r in report.results)} reused",
        )
    )

    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    rows.append(("peak memory (largest process)", None, f"{peak / 1024:.0f} MiB"))

    print_table(rows)


if __name__ == "__main__":
    main()
