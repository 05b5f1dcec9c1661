"""Benchmark loading the demo into an empty SQLite database; prints a table.

    .venv/bin/python bench/bench_demo_load.py [--workdir /tmp/norrbotten-demo-load] [--kommun SLUG ...]
                                              [--dump OUT.json] [--compare REFERENCE.json]

Uses its own database and media folder under --workdir (emptied first), never the project's.
Measures migrate and the demo load, each in seconds on the clock and in CPU seconds of this
process (on a shared machine the CPU seconds are the steadier figure). --dump writes the
canonical dump of the loaded database (tests/demo_dump.py); --compare also says whether it is
identical to a reference dump, e.g. one made by the same command on an earlier commit.
"""

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(call):
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/norrbotten-demo-load"))
    parser.add_argument("--kommun", action="append", help="load only this kommun's demo (repeatable)")
    parser.add_argument("--dump", type=Path, help="write the canonical dump of the loaded database here")
    parser.add_argument("--compare", type=Path, help="a reference dump to compare the loaded database with")
    args = parser.parse_args()
    if args.workdir.exists():
        shutil.rmtree(args.workdir)
    args.workdir.mkdir(parents=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(args.workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command

    from bench.table import print_table
    from cms.base.demo.loader import DemoLoader
    from tests.demo_dump import canonical_dump, differences

    rows = []
    _, wall, cpu = timed(lambda: call_command("migrate", verbosity=0))
    rows.append(("migrate an empty database", wall, f"{cpu:.1f} CPU s"))
    loader = DemoLoader(only=args.kommun, report=lambda line: None)
    created, wall, cpu = timed(loader.load)
    kommuner = ", ".join(args.kommun) if args.kommun else "14 kommuner"
    rows.append(
        (f"load the demo ({kommuner})", wall, f"{cpu:.1f} CPU s; {created:,} records, {created / wall:.0f} records/s")
    )
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
            print("\n".join(lines))
            return 1 if lines else 0
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
