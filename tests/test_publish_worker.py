"""The publish worker as it runs in production: real `manage.py publish_worker` processes taking the queue
while editors publish through the admin in a process of their own (tests/publish_driver.py).

A storm of a hundred publishes ends live, every change in a build that started after it, in a few
builds (cms.publishing.coalesce); ten publishes in a burst give one or two builds, the first built at once; a worker killed (SIGKILL) mid-build leaves the live site as it was
and the next worker completes the queue; two workers started by mistake lose nothing.

The processes share a database of their own: a copy of the test database (SQLite's backup, or
PostgreSQL's CREATE DATABASE ... TEMPLATE), so what they write never reaches the other tests."""

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


class Database:
    """The workers' database: a copy of the test database, read with plain SQL."""

    def __init__(self, url, connect, refuse=None):
        self.url, self.connect, self.refuse = url, connect, refuse

    def rows(self, sql):
        with contextlib.closing(self.connect()) as connection:
            cursor = connection.cursor()
            cursor.execute(sql)
            return cursor.fetchall()

    def execute(self, *statements):
        with contextlib.closing(self.connect()) as connection:
            cursor = connection.cursor()
            for statement in statements:
                cursor.execute(statement)
            connection.commit()

    def builds(self):
        """[(kommun slug, outcome, started_at as a UTC datetime or None)], oldest first."""
        rows = self.rows(
            "SELECT k.slug, b.outcome, b.started_at FROM publishing_build b JOIN base_kommun k ON k.id = b.kommun_id "
            "ORDER BY b.id"
        )
        return [(slug, outcome, _utc(started)) for slug, outcome, started in rows]

    def pending(self):
        return [b for b in self.builds() if b[1] in ("queued", "building")]


def _utc(value):
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def worker_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """A copy of the test database (demo content of Piteå and Boden) with an empty publishing queue."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            path = tmp_path_factory.mktemp("workers") / "db.sqlite3"
            connection.ensure_connection()
            with contextlib.closing(sqlite3.connect(path)) as copy:
                connection.connection.backup(copy)
            database = Database(f"sqlite:///{path}", lambda: sqlite3.connect(path, timeout=30))
            cleanup = None
        else:
            import psycopg

            settings = connection.settings_dict
            name, copy_name = settings["NAME"], f"{settings['NAME']}_workers"
            params = dict(host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"])
            params["password"] = settings["PASSWORD"]
            connection.close()
            with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{copy_name}"')
                admin.execute(f'CREATE DATABASE "{copy_name}" TEMPLATE "{name}"')
            url = f"postgres://{params['user']}:{params['password']}@{params['host']}:{params['port']}/{copy_name}"

            def end_connections(admin):
                """End the workers' connections to the copy. Only those: the server may be vacuuming the copy, and
                a role that is not a superuser (CI's is not) may not end the server's own processes, so neither
                `pg_terminate_backend` over every backend nor `DROP DATABASE ... WITH (FORCE)` would do."""
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND usename = current_user AND backend_type = 'client backend'",
                    [copy_name],
                )

            def refuse(refused):
                """The server refuses the database's connections (and ends those open) or takes them again."""
                with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
                    admin.execute(f'ALTER DATABASE "{copy_name}" ALLOW_CONNECTIONS {"false" if refused else "true"}')
                    if refused:
                        end_connections(admin)

            database = Database(url, lambda: psycopg.connect(dbname=copy_name, **params), refuse)

            def cleanup():
                # The workers are stopped by now. DROP DATABASE stops an autovacuum of the copy by itself.
                with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
                    admin.execute(f'ALTER DATABASE "{copy_name}" ALLOW_CONNECTIONS false')
                    end_connections(admin)
                    admin.execute(f'DROP DATABASE IF EXISTS "{copy_name}"')

    database.execute("DELETE FROM publishing_build", "DELETE FROM django_tasks_database_dbtaskresult")
    yield database
    if cleanup:
        cleanup()


@pytest.fixture
def workers(worker_database, tmp_path, settings):
    """Start worker processes publishing into tmp_path; each is killed (its whole group) at the end."""
    worker_database.execute("DELETE FROM publishing_build", "DELETE FROM django_tasks_database_dbtaskresult")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": worker_database.url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CI": "1",
    }
    env.pop("REDIS_URL", None)  # the rate limits' cache: the copy's own table (the tests use a local one)
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    started = []

    def start(name, serve=False):
        """`manage.py publish_worker`, or with `serve` the one `build.py --serve` starts beside the server."""
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        command = ["manage.py", "publish_worker"]
        if serve:
            command = ["build.py", "--serve", "--port", str(free_port())]
        process = subprocess.Popen(
            [sys.executable, *command, "--output", str(tmp_path)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append((process, log))
        return process

    def publishing(count, pause, *slugs):
        """The editors' process, publishing while the caller goes on; `.publishes()` waits for it."""
        driver = subprocess.Popen(
            [sys.executable, "tests/publish_driver.py", str(count), str(pause), *slugs],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

        def publishes():
            out, err = driver.communicate(timeout=600)
            assert driver.returncode == 0, err[-3000:]
            return [json.loads(line) for line in out.splitlines() if line.startswith("{")]

        driver.publishes = publishes
        return driver

    def publish(count, pause, *slugs):
        return publishing(count, pause, *slugs).publishes()

    start.publish = publish
    start.publishing = publishing
    start.output = tmp_path
    yield start
    for process, log in started:
        kill(process)
        log.close()


def free_port():
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def kill(process):
    """SIGKILL to the worker and the build processes it forked, then reap it (a zombie would count as alive)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def wait_for(condition, timeout=300, what="the condition", pause=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(pause)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")


def served_title(output, slug):
    page = output / "public" / slug / "sv" / "stories" / "index.html"
    text = page.read_text(encoding="utf-8") if page.is_file() else ""
    start = text.find("<h1")
    return text[text.index(">", start) + 1 : text.index("</h1>", start)].strip() if start >= 0 else ""


def assert_every_publish_went_live(database, output, publishes):
    """Each publish is in a live build of its kommun that started after it; the last title of each is served;
    and after each kommun's last publish exactly one build ran: none twice."""
    builds = database.builds()
    assert [b for b in builds if b[1] != "live"] == []
    for publish in publishes:
        at = datetime.fromtimestamp(publish["at"], UTC)
        assert any(slug == publish["kommun"] and started >= at for slug, _, started in builds), publish
    for slug in {p["kommun"] for p in publishes}:
        last = [p for p in publishes if p["kommun"] == slug][-1]
        assert served_title(output, slug) == last["title"]
        after = [b for b in builds if b[0] == slug and b[2] >= datetime.fromtimestamp(last["at"], UTC)]
        assert len(after) == 1, after


def assert_storms_gathered(database, publishes):
    """The builds cms.publishing.coalesce allows for these publishes, kommun by kommun. A calm build (queued when
    none of the kommun's was running) is built at once: the storm's first, and another whenever the publisher left
    the kommun alone past its last build's end, which a loaded machine can do mid-storm. Each calm build may start a
    storm, whose builds are then gathered: one each `storm_wait` seconds while publishes last, and one after."""
    from cms.publishing.coalesce import timing

    rows = database.rows(
        "SELECT k.slug, b.queued_at, b.finished_at, b.storm FROM publishing_build b "
        "JOIN base_kommun k ON k.id = b.kommun_id ORDER BY b.id"
    )
    for slug in {p["kommun"] for p in publishes}:
        times = [p["at"] for p in publishes if p["kommun"] == slug]
        builds = [
            (_utc(queued), _utc(finished), bool(storm)) for kommun, queued, finished, storm in rows if kommun == slug
        ]
        calm = [i for i, (_queued, _finished, storm) in enumerate(builds) if not storm]
        for i in calm[1:]:
            assert builds[i][0] >= builds[i - 1][1], f"{slug}: a build queued while another ran was not gathered"
        storms = len(builds) - len(calm)
        assert storms <= len(calm) + int((times[-1] - times[0]) // timing().storm_wait), f"{slug}: {builds}"


def test_a_storm_of_a_hundred_publishes_ends_live_in_a_few_builds(workers, worker_database):
    workers("worker")
    publishes = workers.publish(100, 0.3, "pitea", "boden")
    wait_for(lambda: not worker_database.pending(), what="the queue to empty")
    assert_every_publish_went_live(worker_database, workers.output, publishes)
    builds = worker_database.builds()
    print(f"{len(publishes)} publishes, {len(builds)} builds")
    # Without coalescing a kommun got one build per build's duration while publishes kept coming: 21 to 39 builds.
    assert_storms_gathered(worker_database, publishes)


def test_ten_publishes_in_a_burst_give_one_or_two_builds_and_the_first_is_not_held_back(workers, worker_database):
    workers("worker")
    publishes = workers.publish(10, 1, "pitea")
    wait_for(lambda: not worker_database.pending(), what="the queue to empty")
    assert_every_publish_went_live(worker_database, workers.output, publishes)
    builds = worker_database.builds()
    print(f"{len(publishes)} publishes, {len(builds)} builds")
    assert len(builds) <= 2
    # The storm's first publish was built at once, while the others still came, not after the storm.
    assert builds[0][2] < datetime.fromtimestamp(publishes[-1]["at"], UTC)


def test_a_worker_killed_mid_build_leaves_the_site_whole_and_the_next_one_completes_the_queue(workers, worker_database):
    first = workers("first")
    published = workers.publish(1, 0, "pitea")
    wait_for(lambda: not worker_database.pending(), what="the first build")
    assert served_title(workers.output, "pitea") == published[0]["title"]

    driver = workers.publishing(2, 0, "pitea")  # "Storm 0", then "Storm 1": the site must end with the second
    wait_for(lambda: [b for b in worker_database.builds() if b[1] == "building"], what="a build to start", pause=0.02)
    kill(first)
    again = driver.publishes()
    assert "building" in [b[1] for b in worker_database.builds()]  # killed before it finished
    live = (workers.output / "public").resolve()  # a whole release: the previous one, or one switched to whole
    assert (live / "manifest.json").is_file() and (live / "pitea" / "sv" / "index.html").is_file()
    assert served_title(workers.output, "pitea") in {published[0]["title"], *(p["title"] for p in again)}

    workers("second")
    wait_for(lambda: not worker_database.pending(), what="the next worker to complete the queue")
    assert served_title(workers.output, "pitea") == again[-1]["title"]
    assert [b[1] for b in worker_database.builds()] == ["live"] * len(worker_database.builds())


def test_two_workers_started_by_mistake_lose_nothing(workers, worker_database):
    workers("one", serve=True)  # build.py --serve's own worker
    workers("two")
    publishes = workers.publish(20, 0.1, "pitea", "boden")
    wait_for(lambda: not worker_database.pending(), what="the queue to empty")
    assert_every_publish_went_live(worker_database, workers.output, publishes)
    logs = (workers.output / "one.log").read_text() + (workers.output / "two.log").read_text()
    assert "Traceback" not in logs, logs[-3000:]


@pytest.mark.database_server  # SQLite is a file the worker keeps open: only a server can refuse connections
def test_the_database_briefly_unavailable_loses_no_queue_entry(workers, worker_database):
    """The server ends every connection of the database and refuses new ones for a few seconds, just
    after a publish queued its build: the worker waits, reconnects and publishes it."""
    workers("worker")
    workers.publish(1, 0, "pitea")
    wait_for(lambda: not worker_database.pending(), what="the first build")
    published = workers.publish(2, 0, "pitea")  # "Storm 0" again, then "Storm 1": the last must be served
    worker_database.refuse(True)
    try:
        time.sleep(3)
    finally:
        worker_database.refuse(False)
    wait_for(lambda: not worker_database.pending(), what="the worker to build what was queued")
    assert served_title(workers.output, "pitea") == published[-1]["title"]
    assert [b[1] for b in worker_database.builds()] == ["live"] * len(worker_database.builds())
