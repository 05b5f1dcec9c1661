"""Benchmark loading the demo into an empty SQLite database; prints a table.

    .venv/bin/python bench/bench_demo_load.py [--workdir /tmp/norrbotten-demo-load] [--kommun SLUG ...]
                                              [--dump OUT.json] [--compare REFERENCE.json] [--profile OUT.prof]
    .venv/bin/python bench/bench_demo_load.py --against CHECKOUT [--pairs 3] [--kommun SLUG ...]

Uses its own database and media folder under --workdir (emptied first), never the project's.
Measures migrate and the demo load, each in seconds on the clock and in CPU seconds of this
process (on a shared machine the CPU seconds are the steadier figure). --dump writes the
canonical dump of the loaded database (tests/demo_dump.py); --compare also says whether it is
identical to a reference dump, e.g. one made by the same command on an earlier commit.
--profile writes a cProfile of the load alone (read it with `python -m pstats OUT.prof`).

--against runs the same measurement on another checkout of the project (e.g. main, made with
`git worktree add` or `git archive main | tar -x -C DIR`) and on this one, alternately, --pairs
times, each run a process of its own on an empty database, and prints the medians side by side:
a paired comparison, so that a machine busy with other work slows both sides alike.
"""

import argparse
import cProfile
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(call):
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/norrbotten-demo-load"))
    parser.add_argument("--kommun", action="append", help="load only this kommun's demo (repeatable)")
    parser.add_argument("--dump", type=Path, help="write the canonical dump of the loaded database here")
    parser.add_argument("--compare", type=Path, help="a reference dump to compare the loaded database with")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the demo load here")
    parser.add_argument("--against", type=Path, help="another checkout to compare with, run by turns with this one")
    parser.add_argument("--pairs", type=int, default=3, help="how many runs of each side --against makes")
    parser.add_argument("--code", type=Path, default=ROOT, help=argparse.SUPPRESS)  # the checkout a run loads
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # a run's figures for --against
    return parser.parse_args()


def measure(args):
    """Migrate an empty database and load the demo into it: {step: (seconds, CPU seconds)}, records."""
    sys.path.insert(0, str(args.code))
    if args.workdir.exists():
        shutil.rmtree(args.workdir)
    args.workdir.mkdir(parents=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(args.workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command

    from cms.base.demo.loader import DemoLoader

    figures = {}
    _, *figures["migrate"] = timed(lambda: call_command("migrate", verbosity=0))
    loader = DemoLoader(only=args.kommun, report=lambda line: None)
    if args.profile:
        profiler = cProfile.Profile()
        created, *figures["load"] = timed(lambda: profiler.runcall(loader.load))
        profiler.dump_stats(args.profile)
    else:
        created, *figures["load"] = timed(loader.load)
    return figures, created


def single(args):
    """One run in this process: its table, and the comparison with a reference dump if asked."""
    figures, created = measure(args)
    if args.json:
        print(json.dumps({"figures": figures, "created": created}))
        return 0
    from bench.table import print_table
    from tests.demo_dump import canonical_dump, differences

    kommuner = ", ".join(args.kommun) if args.kommun else "14 kommuner"
    (wall, cpu), (load_wall, load_cpu) = figures["migrate"], figures["load"]
    rows = [
        ("migrate an empty database", wall, f"{cpu:.1f} CPU s"),
        (
            f"load the demo ({kommuner})",
            load_wall,
            f"{load_cpu:.1f} CPU s; {created:,} records, {created / load_wall:.0f} records/s",
        ),
    ]
    lines = []
    if args.dump or args.compare:
        dump, wall, _cpu = timed(canonical_dump)
        dump = json.loads(json.dumps(dump, sort_keys=True, default=str))
        if args.dump:
            args.dump.write_text(json.dumps(dump, sort_keys=True, indent=0), encoding="utf-8")
        if args.compare:
            lines = differences(json.loads(args.compare.read_text(encoding="utf-8")), dump)
            rows.append(
                (
                    "compare with the reference dump",
                    wall,
                    f"identical: {sum(len(r) for r in dump.values()):,} rows in {len(dump)} tables"
                    if not lines
                    else f"{len(lines)} differences (listed below)",
                )
            )
    print_table(rows)
    if lines:
        print("\n".join(lines))
    return 1 if lines else 0


def run_side(args, code, workdir):
    """One run of one side, in a process of its own: its figures."""
    command = [sys.executable, __file__, "--json", "--code", str(code), "--workdir", str(workdir)]
    command += [f"--kommun={slug}" for slug in args.kommun or []]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"The run on {code} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def paired(args):
    """Both checkouts by turns (which goes first alternates), then the medians side by side."""
    from bench.table import print_table

    sides = {"before": args.against.resolve(), "after": ROOT}
    runs = {side: [] for side in sides}
    for number in range(args.pairs):
        order = ["before", "after"] if number % 2 == 0 else ["after", "before"]
        for side in order:
            runs[side].append(run_side(args, sides[side], args.workdir / side))
            figures = runs[side][-1]["figures"]
            print(
                f"pair {number + 1}, {side}: migrate {figures['migrate'][1]:.1f} CPU s, "
                f"load {figures['load'][1]:.1f} CPU s ({figures['load'][0]:.1f} s)",
                file=sys.stderr,
            )
    kommuner = ", ".join(args.kommun) if args.kommun else "14 kommuner"
    rows = []
    for step, name in (("migrate", "migrate an empty database"), ("load", f"load the demo ({kommuner})")):
        for side in sides:
            walls = [run["figures"][step][0] for run in runs[side]]
            cpus = [run["figures"][step][1] for run in runs[side]]
            records = f"; {runs[side][0]['created']:,} records" if step == "load" else ""
            rows.append(
                (
                    f"{name}, {side} ({sides[side].name})",
                    statistics.median(walls),
                    f"{statistics.median(cpus):.1f} CPU s (median of {len(cpus)}: "
                    f"{', '.join(f'{c:.1f}' for c in cpus)}){records}",
                )
            )
    print_table(rows)
    return 0


def main():
    args = arguments()
    if args.against:
        sys.path.insert(0, str(ROOT))
        return paired(args)
    return single(args)


if __name__ == "__main__":
    sys.exit(main())
