"""The publish floors at the 21,000-page scale: a no-change publish and a one-page edit until live.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/bench_publish.py [--workdir /tmp/norrbotten-publish] [--runs 5]

Prepares its own SQLite database under --workdir once (the demo grown by bench/scale_content.py,
then one full publish); later runs reuse it. Then it pairs, `--runs` times, the two things an
editor waits for:
- a no-change `build.py --publish --no-imports` as a new process (interpreter start, imports,
  queries, the "Nothing changed" answer), timed from outside;
- one page edited and published, then `build.py --publish --no-imports` until the new release is
  live, as a new process too (the time it reports until the switch, and the process's wall time);
and prints medians with the CPU seconds and peak memory (largest process) of each.

`--against OTHER_CHECKOUT --against-workdir DIR` pairs each run with the same two measures of another
checkout (its own .venv and a workdir of its own, prepared the same way, e.g. a copy of this one's),
the order alternating, so both are measured under the same load:

    .venv/bin/python bench/bench_publish.py --runs 3 --against ../main-checkout --against-workdir /tmp/publish-main
"""

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNTIL_LIVE = re.compile(r"files in ([\d.]+) s\.")


@dataclass
class Checkout:
    """A checkout of the project measured: its code, its Python and the workdir its database and site are in."""

    root: Path
    workdir: Path
    python: str
    label: str


def environment(workdir):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{workdir / 'scale.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        CI="1",
    )
    return env


def prepare(workdir, jobs):
    """The scale content and its first published release, made once per workdir."""
    ready = workdir / "prepared"
    if ready.exists():
        return
    os.environ.update(environment(workdir))
    import django

    django.setup()
    from django.core.management import call_command

    from bench.scale_content import grow

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    grow(report=lambda line: print(line, flush=True))
    build_py(workdir, jobs)
    ready.write_text("yes")


def count_html(public):
    """The HTML pages a release serves, through the site folders it links whole from earlier releases."""
    return sum(
        name.endswith(".html")
        for _folder, _dirs, names in os.walk(public.resolve(), followlinks=True)
        for name in names
    )


def build_py(workdir, jobs, checkout=None):
    """`build.py --publish --no-imports` in a new process: (wall seconds, CPU seconds, peak MiB, its output)."""
    checkout = checkout or Checkout(ROOT, workdir, sys.executable, "")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [
            checkout.python,
            str(checkout.root / "build.py"),
            "--publish",
            "--no-imports",
            "--jobs",
            str(jobs),
            "--output",
            str(workdir / "site"),
        ],
        env=environment(workdir),
        cwd=checkout.root,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"build.py failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, after.ru_maxrss / 1024, done.stdout


def edit_a_page(checkout, run):
    """Publish a new title of Piteå's culture page, as an editor would (in a process of its own)."""
    script = (
        "import django; django.setup()\n"
        "from cms.base.models import Kommun\n"
        "from cms.topics.models import TopicPage\n"
        "page = TopicPage.objects.descendant_of(Kommun.objects.get(slug='pitea').site.root_page).get(slug='culture')\n"
        f"page.title = page.title.split(' (edit')[0] + ' (edit {run})'\n"
        "page.save_revision().publish()\n"
    )
    subprocess.run([checkout.python, "-c", script], env=environment(checkout.workdir), cwd=checkout.root, check=True)


def measure(checkout, jobs, run):
    """One pair for `checkout`: (the no-change run, the edit's run with its seconds until live)."""
    unchanged = build_py(checkout.workdir, jobs, checkout)
    assert "Nothing changed" in unchanged[3], unchanged[3]
    edit_a_page(checkout, f"{time.time():.0f}-{run}")
    wall, cpu, peak, output = build_py(checkout.workdir, jobs, checkout)
    assert "Published" in output, output
    return unchanged, (wall, cpu, peak, float(UNTIL_LIVE.search(output).group(1)))


def rows(unchanged, edited, label):
    """The table's three rows for one checkout: medians of its runs."""

    def median(rows, column):
        return statistics.median(row[column] for row in rows)

    return [
        (
            f"{label}no-change build.py --publish, process start included",
            median(unchanged, 0),
            f"{median(unchanged, 1):.2f} CPU s, peak {max(r[2] for r in unchanged):.0f} MiB (floor: 1.5 s)",
        ),
        (
            f"{label}one page edited: build.py --publish until live",
            median(edited, 3),
            f"as build.py reports it (floor: 1 s); {median(edited, 1):.2f} CPU s for the whole process",
        ),
        (
            f"{label}one page edited: the whole build.py process",
            median(edited, 0),
            f"process start, reindex and cleanup of old releases included; peak {max(r[2] for r in edited):.0f} MiB",
        ),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/norrbotten-publish"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout (with its .venv) to pair each run with")
    parser.add_argument("--against-workdir", type=Path, help="the other checkout's workdir, prepared like --workdir")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    prepare(args.workdir, args.jobs)
    from bench.table import print_table

    checkouts = [Checkout(ROOT, args.workdir, sys.executable, "this checkout")]
    if args.against:
        if not args.against_workdir or not (args.against_workdir / "prepared").exists():
            sys.exit("--against needs --against-workdir: a prepared workdir of its own (a copy of --workdir will do).")
        python = args.against / ".venv" / "bin" / "python"
        checkouts.append(Checkout(args.against.resolve(), args.against_workdir, str(python), str(args.against)))
    pages = count_html(args.workdir / "site" / "public")
    measured = {checkout.label: ([], []) for checkout in checkouts}
    for run in range(args.runs):
        for checkout in checkouts[run % len(checkouts) :] + checkouts[: run % len(checkouts)]:  # order alternates
            unchanged, edited = measure(checkout, args.jobs, run)
            measured[checkout.label][0].append(unchanged)
            measured[checkout.label][1].append(edited)
    table = [(f"site size: {pages} HTML pages, {args.runs} paired runs, medians", None, "")]
    for checkout in checkouts:
        label = f"{checkout.label}: " if len(checkouts) > 1 else ""
        table += rows(*measured[checkout.label], label)
    print_table(table)


if __name__ == "__main__":
    main()
