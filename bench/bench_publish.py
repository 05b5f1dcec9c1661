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
"""

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNTIL_LIVE = re.compile(r"files in ([\d.]+) s\.")


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


def build_py(workdir, jobs):
    """`build.py --publish --no-imports` in a new process: (wall seconds, CPU seconds, peak MiB, its output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--publish",
            "--no-imports",
            "--jobs",
            str(jobs),
            "--output",
            str(workdir / "site"),
        ],
        env=environment(workdir),
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


def edit_a_page(workdir, run):
    """Publish a new title of Piteå's culture page, as an editor would (in a process of its own)."""
    script = (
        "import django; django.setup()\n"
        "from cms.base.models import Kommun\n"
        "from cms.topics.models import TopicPage\n"
        "page = TopicPage.objects.descendant_of(Kommun.objects.get(slug='pitea').site.root_page).get(slug='culture')\n"
        f"page.title = page.title.split(' (edit')[0] + ' (edit {run})'\n"
        "page.save_revision().publish()\n"
    )
    subprocess.run([sys.executable, "-c", script], env=environment(workdir), cwd=ROOT, check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/norrbotten-publish"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    prepare(args.workdir, args.jobs)
    from bench.table import print_table

    pages = count_html(args.workdir / "site" / "public")
    unchanged, edited = [], []
    for run in range(args.runs):
        unchanged.append(build_py(args.workdir, args.jobs))
        assert "Nothing changed" in unchanged[-1][3], unchanged[-1][3]
        edit_a_page(args.workdir, f"{time.time():.0f}-{run}")
        wall, cpu, peak, output = build_py(args.workdir, args.jobs)
        assert "Published" in output, output
        edited.append((wall, cpu, peak, float(UNTIL_LIVE.search(output).group(1))))

    def median(rows, column):
        return statistics.median(row[column] for row in rows)

    print_table(
        [
            (f"site size: {pages} HTML pages, {args.runs} paired runs, medians", None, ""),
            (
                "no-change build.py --publish, process start included",
                median(unchanged, 0),
                f"{median(unchanged, 1):.2f} CPU s, peak {max(r[2] for r in unchanged):.0f} MiB (floor: 1.5 s)",
            ),
            (
                "one page edited: build.py --publish until live",
                median(edited, 3),
                f"as build.py reports it (floor: 1 s); {median(edited, 1):.2f} CPU s for the whole process",
            ),
            (
                "one page edited: the whole build.py process",
                median(edited, 0),
                f"process start, reindex and cleanup of old releases included; peak {max(r[2] for r in edited):.0f} MiB",
            ),
        ]
    )


if __name__ == "__main__":
    main()
