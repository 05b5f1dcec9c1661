"""The scale benchmark: build.py, the raw Jinja ceiling and wagtail-bakery, alternated, on about 21,000 pages.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/bench_scale.py [--workdir /tmp/norrbotten-scale] [--pairs 3] [--kommun pitea ...]

Loads the demo into its own SQLite database under --workdir and grows it to 14 sites x
6 languages x about 250 pages (bench/scale_content.py); a second run reuses it. Then, in
each of --pairs rounds, it times in turn (the order rotating, so none always runs on a
machine the one before left busy):

- build.py's full build with its image cache warm (every page rendered, checked and
  written into a new release; nothing published, so search is not reindexed);
- the raw ceiling: the same outputs rendered by plain Jinja2 from the already-exported
  data and written to disk (bench/ceiling.py), in as many processes as the build uses;
- the file system's part alone: the files of build.py's last release, read into memory
  first, written again into a new folder the same way, in as many processes (nothing
  rendered; a floor under every build's time on this machine's disk);
- wagtail-bakery exporting the same CMS, every Wagtail page through Wagtail's views
  and Django templates (homes are not Wagtail pages, so it renders fewer pages).

Each runs in a process of its own, so its CPU seconds (of the timed part, workers
included) and its peak memory (the high-water of the resident memory of it and its
workers together, shared pages counted once: PSS) are its own. The machine is shared
and its speed drifts, so the table gives medians and each round's ratios, never a
comparison of seconds across runs. --kommun builds (and bakes) only those kommuner: a
reduced scale for a busy machine.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ceiling import cpu_seconds  # noqa: E402  (the project's root is on the path only from here)

KINDS = ("build.py", "ceiling", "writes", "bakery")


def count_html(folder):
    return sum(1 for _ in Path(folder).rglob("*.html"))


def set_aside(args, path):
    """Move the previous run's output out of the way (one rename) instead of deleting it before a timed run.

    This machine's ext4 has no journal, and without one ext4 will not give a new file or folder an inode freed in
    the last 60 s (360 s while its table block is unwritten): it checks the freed ones one by one
    (`recently_deleted` in fs/ext4/ialloc.c, which perf shows as half of the kernel's time). Deleting a 23,000-page
    tree just before a run made every folder and file of the run 2-5 times as slow to create, for the build and the
    ceiling alike, which measured the bench's own deletions more than either. The trees set aside are deleted once,
    after the last round (`empty_trash`)."""
    if os.path.lexists(path):
        trash = args.workdir / "trash"
        trash.mkdir(exist_ok=True)
        os.rename(path, trash / f"{time.time_ns()}-{Path(path).name}")


def empty_trash(args):
    shutil.rmtree(args.workdir / "trash", ignore_errors=True)


def setup(args):
    os.environ["DATABASE_URL"] = f"sqlite:///{args.workdir / 'scale.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(args.workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_KOMMUNER"] = ",".join(args.kommun or [])
    os.environ.setdefault("CI", "1")
    import django

    django.setup()


# One measured run each, in a process of its own (`--run KIND`); each prints one line of JSON.


def run_prepare(args):
    """The database (demo plus scale content, once) and warm caches: the build's renditions and templates,
    bakery's Wagtail renditions."""
    from django.core.management import call_command
    from wagtail.images import get_image_model

    from bench.scale_content import grow
    from cms.base.models import Kommun
    from cms.sitebuild import pipeline

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Kommun.objects.exists():
        call_command("load_demo", verbosity=0)
    grow(
        args.topic_pages,
        args.listings,
        report=lambda line: print(line, file=sys.stderr, flush=True),
        kommuner=args.kommun,
    )
    site = args.workdir / "site"
    set_aside(args, site / "releases")
    pipeline.run(site, kommuner=args.kommun, jobs=args.jobs)
    if not get_image_model().get_rendition_model().objects.exists():
        run_bakery(args)
    return {"seconds": time.perf_counter() - started}


def run_build(args):
    from cms.sitebuild import pipeline

    site = args.workdir / "site"
    set_aside(args, site / "releases")  # no live release: every page is rendered
    started = cpu_seconds()
    report = pipeline.run(site, kommuner=args.kommun, jobs=args.jobs)
    cpu = cpu_seconds() - started
    failed = [f"{r.slug}: {r.problems[:2]}" for r in report.failed]
    return {"seconds": report.seconds, "cpu": cpu, "pages": count_html(report.release), "failed": failed}


def run_ceiling(args):
    from bench import ceiling
    from cms.base.models import Kommun

    output = args.workdir / "ceiling"
    set_aside(args, output)
    slugs = args.kommun or list(Kommun.objects.order_by("slug").values_list("slug", flat=True))
    ceiling.export_all(slugs, output, args.workdir / "site" / ".cache" / "renditions")
    seconds, cpu, pages, _files = ceiling.render_all(output, args.jobs)
    return {"seconds": seconds, "cpu": cpu, "pages": pages}


def run_writes(args):
    """The build's last release written again from memory into a new folder: the file system's part alone."""
    from bench import ceiling

    releases = sorted((args.workdir / "site" / "releases").glob("*[0-9]Z"))
    ceiling.read_tree(releases[-1])
    output = args.workdir / "writes"
    set_aside(args, output)
    seconds, cpu, pages, _files = ceiling.write_all(output, args.jobs)
    return {"seconds": seconds, "cpu": cpu, "pages": pages}


def run_bakery(args):
    from django.conf import settings
    from django.core.management import call_command

    settings.BUILD_DIR = str(args.workdir / "bakery")
    set_aside(args, settings.BUILD_DIR)
    started, cpu = time.perf_counter(), cpu_seconds()
    call_command("build", skip_static=True, skip_media=True, verbosity=0)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return {"seconds": seconds, "cpu": cpu, "pages": count_html(settings.BUILD_DIR)}


def run_edits(args):
    """A published build, then build.py --publish with nothing changed and with one page edited (in process)."""
    from cms.base.models import Kommun
    from cms.sitebuild import pipeline
    from cms.topics.models import TopicPage

    site = args.workdir / "edits"
    set_aside(args, site)
    shutil.copytree(args.workdir / "site" / ".cache", site / ".cache")
    pipeline.run(site, kommuner=args.kommun, publish=True, jobs=args.jobs)
    unchanged = pipeline.run(site, kommuner=args.kommun, publish=True, jobs=args.jobs)
    slug = (args.kommun or ["pitea"])[0]
    page = TopicPage.objects.descendant_of(Kommun.objects.get(slug=slug).site.root_page).get(slug="culture")
    page.title = f"{page.title.split(' (edited')[0]} (edited {time.time():.0f})"
    edited = time.perf_counter()
    page.save_revision().publish()
    report = pipeline.run(site, kommuner=args.kommun, publish=True, jobs=args.jobs)
    return {
        "unchanged": unchanged.seconds,
        "edited": time.perf_counter() - edited - report.search_seconds,
        "rendered": sum(r.rendered for r in report.results),
        "reused": sum(r.reused for r in report.results),
    }


RUNS = {
    "prepare": run_prepare,
    "build.py": run_build,
    "ceiling": run_ceiling,
    "writes": run_writes,
    "bakery": run_bakery,
    "edits": run_edits,
}


# The parent: runs each measurement as a child process and watches its memory.


class PeakMemory(threading.Thread):
    """Samples a process and its descendants every 0.1 s: the high-water of their PSS together
    (a page shared by forked workers counts once, split between them) and of the largest one's RSS."""

    def __init__(self, process):
        super().__init__(daemon=True)
        self.process, self.pss, self.largest_rss = process, 0, 0
        self.stopped = threading.Event()

    def run(self):
        import psutil

        while not self.stopped.wait(0.1):
            pss = 0
            try:
                processes = [self.process, *self.process.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for process in processes:
                try:
                    memory = process.memory_full_info()
                except psutil.NoSuchProcess:
                    continue
                pss += memory.pss
                self.largest_rss = max(self.largest_rss, memory.rss)
            self.pss = max(self.pss, pss)


def measure(args, kind):
    """Run one measurement in a child process: its JSON, its wall seconds and its peak memory (MiB)."""
    import psutil

    command = [sys.executable, str(Path(__file__).resolve()), "--run", kind, "--workdir", str(args.workdir)]
    command += ["--jobs", str(args.jobs), "--topic-pages", str(args.topic_pages), "--listings", str(args.listings)]
    for slug in args.kommun or []:
        command += ["--kommun", slug]
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.PIPE, text=True)
    memory = PeakMemory(process)
    memory.start()
    stdout, _ = process.communicate()
    memory.stopped.set()
    memory.join()
    if process.returncode:
        raise SystemExit(f"The {kind} run failed (exit {process.returncode}); its output is above.")
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update(wall=time.perf_counter() - started, pss=memory.pss / 2**20, rss=memory.largest_rss / 2**20)
    if result.get("failed"):
        raise SystemExit(f"Kommuner failed in the {kind} run: {result['failed']}")
    return result


def print_columns(header, rows):
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/norrbotten-scale"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--pairs", type=int, default=3, help="rounds of build.py, ceiling and bakery, alternated")
    parser.add_argument("--kommun", action="append", metavar="SLUG", help="only these kommuner (a reduced scale)")
    parser.add_argument("--topic-pages", type=int, default=60, help="topic pages added per site and language")
    parser.add_argument("--listings", type=int, default=120, help="housing listings added per kommun")
    parser.add_argument("--skip-bakery", action="store_true")
    parser.add_argument("--skip-edits", action="store_true", help="skip the no-change and one-page-edit builds")
    parser.add_argument("--run", choices=sorted(RUNS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.run:
        setup(args)
        print(json.dumps(RUNS[args.run](args)), flush=True)
        return

    empty_trash(args)  # left by an interrupted run; before preparing, so the rounds start well after it
    print(f"Preparing {args.workdir} (the first time: the demo and scale content, a few minutes) ...", flush=True)
    print(f"  ready in {measure(args, 'prepare')['seconds']:.0f} s", flush=True)
    kinds = [kind for kind in KINDS if kind != "bakery" or not args.skip_bakery]
    results = {kind: [] for kind in kinds}
    for round_ in range(args.pairs):
        for kind in kinds[round_ % len(kinds) :] + kinds[: round_ % len(kinds)]:
            result = measure(args, kind)
            results[kind].append(result)
            print(
                f"  round {round_ + 1}: {kind}: {result['pages']} pages in {result['seconds']:.2f} s "
                f"({result['pages'] / result['seconds']:.0f} pages/s), {result['cpu']:.1f} CPU s, "
                f"peak {result['pss']:.0f} MiB",
                flush=True,
            )

    def rate(result):
        return result["pages"] / result["seconds"]

    def median(values):
        return statistics.median(values)

    def per_cpu(result):
        return result["pages"] / result["cpu"]

    ceiling_ratios = [rate(ours) / rate(raw) for ours, raw in zip(results["build.py"], results["ceiling"])]
    cpu_ratios = [per_cpu(ours) / per_cpu(raw) for ours, raw in zip(results["build.py"], results["ceiling"])]
    rows = []
    for kind, label in (
        ("build.py", "build.py, full build, caches warm"),
        ("ceiling", "raw ceiling: plain Jinja2 + write"),
        ("writes", "its files written, nothing rendered"),
        ("bakery", "wagtail-bakery, same CMS"),
    ):
        if kind not in results:
            continue
        runs = results[kind]
        share = {
            "build.py": f"{100 * median(ceiling_ratios):.0f}%",
            "ceiling": "100%",
            "writes": f"({100 * median(rate(w) / rate(c) for w, c in zip(runs, results['ceiling'])):.0f}%)",
            "bakery": f"{100 * median(rate(b) / rate(c) for b, c in zip(runs, results['ceiling'])):.1f}%",
        }[kind]
        cpu_share = {
            "build.py": f"{100 * median(cpu_ratios):.0f}%",
            "ceiling": "100%",
            "writes": f"({100 * median(per_cpu(w) / per_cpu(c) for w, c in zip(runs, results['ceiling'])):.0f}%)",
            "bakery": f"{100 * median(per_cpu(b) / per_cpu(c) for b, c in zip(runs, results['ceiling'])):.1f}%",
        }[kind]
        rows.append(
            (
                label,
                f"{runs[0]['pages']:,}",
                f"{median(r['seconds'] for r in runs):.2f}",
                f"{median(rate(r) for r in runs):,.0f}",
                share,
                f"{median(r['cpu'] for r in runs):.1f}",
                f"{median(per_cpu(r) for r in runs):,.0f}",
                cpu_share,
                f"{max(r['pss'] for r in runs):.0f}",
                f"{max(r['rss'] for r in runs):.0f}",
            )
        )
    print()
    print(
        f"Medians of {args.pairs} rounds, {args.jobs} worker processes; % of ceiling: the median of each round's "
        "ratio, by wall time and by CPU time (the steadier on a shared machine)."
    )
    header = (
        "measure",
        "HTML pages",
        "seconds",
        "pages/s",
        "% of ceiling",
        "CPU s",
        "pages/CPU s",
        "% of ceiling",
        "peak MiB (PSS)",
        "largest RSS",
    )
    print_columns(header, rows)
    if "bakery" in results:
        wall = median(rate(o) / rate(b) for o, b in zip(results["build.py"], results["bakery"]))
        per_cpu = median(
            (o["pages"] / o["cpu"]) / (b["pages"] / b["cpu"]) for o, b in zip(results["build.py"], results["bakery"])
        )
        print(
            f"build.py / wagtail-bakery, each round: {wall:.1f}x pages per second, {per_cpu:.1f}x pages per CPU second"
        )
    if not args.skip_edits:
        edits = measure(args, "edits")
        print(
            f"build.py --publish, nothing changed: {edits['unchanged']:.2f} s; one page edited until live: "
            f"{edits['edited']:.2f} s ({edits['rendered']} files rendered, {edits['reused']} reused)"
        )
    empty_trash(args)


if __name__ == "__main__":
    main()
