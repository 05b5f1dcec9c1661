"""The scale benchmark: build.py beside wagtail-bakery on about 21,000 pages; prints a table.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/bench_scale.py [--workdir /tmp/norrbotten-scale]

Loads the demo into its own SQLite database under --workdir, grows it to 14 sites x
6 languages x about 250 pages (bench/scale_content.py), then measures build.py's
publish (image cache cold, then warm), a rebuild with nothing changed, a one-page
edit until live, and wagtail-bakery exporting the same CMS in the same run.

wagtail-bakery renders Wagtail pages through Wagtail's views and Django templates
(the editors' preview templates); housing listings are not Wagtail pages, so it
renders only the CMS pages. The comparison is therefore pages per second.
"""

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def count_html(folder):
    return sum(1 for _ in Path(folder).rglob("*.html"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/norrbotten-scale"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--topic-pages", type=int, default=60, help="topic pages added per site and language")
    parser.add_argument("--listings", type=int, default=120, help="housing listings added per kommun")
    parser.add_argument("--skip-bakery", action="store_true")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.workdir / 'scale.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(args.workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("CI", "1")
    import django
    from django.conf import settings

    django.setup()
    settings.BUILD_DIR = str(args.workdir / "bakery")
    from django.core.management import call_command

    from bench.scale_content import grow
    from bench.table import print_table
    from cms.base.models import Kommun
    from cms.sitebuild import pipeline
    from cms.topics.models import TopicPage

    rows = []
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    grow(args.topic_pages, args.listings, report=lambda line: print(line, flush=True))
    rows.append(("prepare: demo plus scale content", time.perf_counter() - started, ""))

    output = args.workdir / "site"
    shutil.rmtree(output, ignore_errors=True)
    report = pipeline.run(output, publish=True, jobs=args.jobs)
    search_full = report.search_seconds
    pages = count_html((output / "public").resolve())
    ours_cold = pages / report.seconds
    rows.append(
        (
            "build.py full build, image cache cold",
            report.seconds,
            f"{pages} HTML pages ({report.pages} files), {ours_cold:.0f} pages/s",
        )
    )

    shutil.rmtree(output / "releases")
    (output / "public").unlink()
    report = pipeline.run(output, publish=True, jobs=args.jobs)
    ours_warm = pages / report.seconds
    rows.append(
        ("build.py full build, image cache warm", report.seconds, f"{pages} HTML pages, {ours_warm:.0f} pages/s")
    )
    rows.append(("  then search reindexes all 14 kommuner", search_full, "after the sites are live"))
    full = report.seconds

    report = pipeline.run(output, publish=True, jobs=args.jobs)
    rows.append(
        (
            "build.py rebuild, nothing changed",
            report.seconds,
            f"{report.message}; {100 * report.seconds / full:.1f}% of a full build",
        )
    )

    page = TopicPage.objects.descendant_of(Kommun.objects.get(slug="pitea").site.root_page).get(slug="culture")
    page.title = f"{page.title.split(' (edited')[0]} (edited {time.time():.0f})"
    edited = time.perf_counter()
    page.save_revision().publish()
    report = pipeline.run(output, publish=True, jobs=args.jobs)
    rows.append(
        (
            "build.py one page edited, until live",
            time.perf_counter() - edited - report.search_seconds,
            f"{sum(r.rendered for r in report.results)} files rendered, {sum(r.reused for r in report.results)} reused",
        )
    )
    rows.append(("  then search reindexes that kommun", report.search_seconds, "after the site is live"))
    peak_ours = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    rows.append(("build.py peak memory (largest process)", None, f"{peak_ours / 1024:.0f} MiB"))

    if not args.skip_bakery:
        from wagtail.images import get_image_model

        get_image_model().get_rendition_model().objects.all().delete()  # as cold as build.py's first run
        rates = []
        for label in ("image renditions cold", "image renditions warm"):
            started = time.perf_counter()
            call_command("build", skip_static=True, skip_media=True, verbosity=0)
            seconds = time.perf_counter() - started
            baked = count_html(settings.BUILD_DIR)
            rates.append(baked / seconds)
            rows.append(
                (
                    f"wagtail-bakery, same CMS, {label}",
                    seconds,
                    f"{baked} HTML pages (Wagtail pages only), {rates[-1]:.1f} pages/s",
                )
            )
        rows.append(
            (
                "build.py / wagtail-bakery, pages per second",
                None,
                f"{ours_cold / rates[0]:.1f}x with cold image caches, {ours_warm / rates[1]:.1f}x warm",
            )
        )

    print_table(rows)


if __name__ == "__main__":
    main()
