"""The events endpoint under a campaign's load: how many experiment events a second it stores.

    apt-get install wrk; .venv/bin/python bench/bench_events.py [--workdir /tmp/norrbotten-events]
        [--database postgres://user:password@127.0.0.1/db]

1. Makes its own database (SQLite under --workdir unless --database names another) with
   the 14 kommuner and a running experiment on Piteå's home page.
2. Serves the public service alone with gunicorn on loopback and drives `POST /api/events`
   with wrk at 1, 8 and 32 concurrent clients: the batches a page view sends (70% an
   exposure alone, 30% an exposure and a goal), from 100,000 different visitors.
3. Counts what was stored, so a fast answer that stored nothing would show.
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import wrk  # noqa: E402

WRK_SCRIPT = """
local bodies = {%s}
local counter = math.random(1, #bodies)
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain;charset=UTF-8"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
request = function()
  counter = counter %% #bodies + 1
  return wrk.format(nil, "/api/events", nil, bodies[counter])
end
"""


def setup(report):
    from django.core.management import call_command

    from cms.base.models import Kommun
    from cms.experiments.models import Experiment, Variant

    report("Migrating and creating the 14 kommuner ...")
    call_command("migrate", verbosity=0)
    call_command("sync_kommuner", verbosity=0)
    pitea = Kommun.objects.get(slug="pitea")
    Experiment.objects.filter(kommun=pitea).delete()
    experiment = Experiment(
        kommun=pitea,
        page=pitea.site.root_page,
        name="Benchmark",
        status="running",
        goal_kind="cta",
        goal_name="search-homes",
    )
    experiment.variants = [
        Variant(name="A", weight=50),
        Variant(name="B", weight=50, changes=[("headline", {"language": "sv", "headline": "B", "intro": ""})]),
    ]
    experiment.save()
    return experiment


def bodies(experiment_id, rng, count=2000, visitors=100_000):
    result = []
    for _ in range(count):
        visitor = f"{rng.randrange(visitors):032x}"
        variant = rng.choice("ab")
        events = [
            {"type": "exposure", "experiment": experiment_id, "variant": variant, "visitor": visitor, "page": "/sv/"}
        ]
        if rng.random() < 0.3:
            events.append({**events[0], "type": "goal", "goal": "cta:search-homes"})
        result.append(json.dumps({"site": "pitea", "events": events}))
    return result


def load_test(database, workdir, seconds, experiment_id, report):
    script = workdir / "events.lua"
    payloads = bodies(experiment_id, random.Random(20261201))
    script.write_text(WRK_SCRIPT % (", ".join(json.dumps(b) for b in payloads)) + wrk.REPORT, encoding="utf-8")
    port = 8766
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.search_settings", "DATABASE_URL": database}
    workers = 2 * (os.cpu_count() or 2) + 1
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "cms.wsgi",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/events",
            data=payloads[0].encode(),
            headers={"User-Agent": "Mozilla/5.0 Chrome/131.0", "Content-Type": "text/plain"},
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(request, timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        return wrk.sweep(script, f"http://127.0.0.1:{port}", seconds, report), workers
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/norrbotten-events"))
    parser.add_argument("--database", default="", help="a database URL (default: SQLite under --workdir)")
    parser.add_argument("--seconds", type=int, default=15, help="each wrk run")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    database = args.database or f"sqlite:///{args.workdir / 'events.sqlite3'}"
    os.environ.update(
        DATABASE_URL=database, DJANGO_SETTINGS_MODULE="bench.search_settings", MEDIA_ROOT=str(args.workdir / "media")
    )
    import django

    django.setup()
    from cms.experiments.models import ExperimentEvent

    def report(line):
        print(line, file=sys.stderr, flush=True)

    experiment = setup(report)
    report("Load test ...")
    load, workers = load_test(database, args.workdir, args.seconds, experiment.pk, report)
    stored = ExperimentEvent.objects.filter(experiment=experiment).count()
    sent = sum(r["requests"] - r["errors"] for _clients, r in load)
    engine = "PostgreSQL" if database.startswith("postgres") else "SQLite"
    print(
        f"POST /api/events on {engine}; gunicorn, {workers} workers, 2 cores, loopback; "
        f"batches of 1 or 2 events from 100,000 visitors"
    )
    print(f"{'clients':>7}  {'p50 ms':>7}  {'p95 ms':>7}  {'p99 ms':>7}  {'batches/s':>10}  errors")
    for clients, r in load:
        print(
            f"{clients:>7}  {r['p50']:7.1f}  {r['p95']:7.1f}  {r['p99']:7.1f}  {r['requests'] / r['seconds']:10.0f}  {r['errors']}"
        )
    print(f"events stored: {stored:,} from {sent:,} answered batches")


if __name__ == "__main__":
    main()
