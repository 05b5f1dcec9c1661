"""Every documented rate limit holds across a real multi-worker gunicorn, with each shared cache.

The public service runs alone as in production (`cms.settings.public_api`, 4 gunicorn
workers) on a SQLite database of its own, its counters in the database cache (the embedded
default) and then in Redis (`REDIS_URL`, as in production; CI starts redis-server). Each
limit is sent more requests than it allows, many at once from one address, and what got
through is counted: answers for the read endpoints, stored rows for the forms. Counted per
worker, as before, 4 workers let about four times the limit through.
"""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.helpers import submission

pytestmark = pytest.mark.own_database  # the public service on a SQLite database of its own

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKERS = 4
SHELL = "<!DOCTYPE html><html lang=sv><title>Piteå</title><main><!--form--><!--/form--></main></html>"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A migrated database with the 14 kommuner, and the published pages the forms answer with."""
    folder = tmp_path_factory.mktemp("shared-limits")
    env = service_env(folder, folder / "prepared.sqlite3")
    for command in (["migrate"], ["sync_kommuner"]):
        subprocess.run([sys.executable, "manage.py", *command, "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    for page in ("activities/submit", "contact", "privacy"):
        path = folder / "public" / "pitea" / "sv" / page / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(SHELL, encoding="utf-8")
    return folder


def service_env(folder, database, **extra):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.endswith(("_RATE_LIMIT", "REDIS_URL")) and name != "DATABASE_URL"
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "cms.settings.public_api",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "PUBLISHED_SITES_ROOT": str(folder / "public"),
        "MEDIA_ROOT": str(folder / "media"),
        **extra,
    }


@pytest.fixture(scope="module")
def redis_url():
    """CI's redis-server (REDIS_URL), else one of the test's own on a free port."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("No Redis: set REDIS_URL or install redis-server (.ci/run does).")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module", params=["database cache", "redis"])
def service(request, prepared):
    """The public service under gunicorn with 4 workers: (base URL, its database file)."""
    database = prepared / f"{request.param.replace(' ', '-')}.sqlite3"
    shutil.copy(prepared / "prepared.sqlite3", database)
    extra = {"REDIS_URL": request.getfixturevalue("redis_url")} if request.param == "redis" else {}
    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "cms.wsgi",
        ],
        cwd=ROOT,
        env=service_env(prepared, database, **extra),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/api/search/openapi.json", timeout=5).read()
                break
            except OSError:
                assert server.poll() is None, "gunicorn did not start"
                time.sleep(0.2)
        yield base, database
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def send_all(requests, clients=16):
    """Send every (method, url, body) at once from `clients` threads; return the status of each answer."""

    def send(item):
        method, url, body = item
        headers = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            with urllib.request.urlopen(
                urllib.request.Request(url, data=body, method=method, headers=headers), timeout=60
            ) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(send, requests))


def stored(database, table):
    with sqlite3.connect(database) as connection:
        return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def form(data):
    return urllib.parse.urlencode(data, doseq=True).encode()


def test_100_rapid_activity_submissions_store_10(service):
    base, database = service
    body = form(submission())
    statuses = send_all([("POST", f"{base}/api/activities/submit?kommun=pitea&language=sv", body)] * 100)
    assert statuses.count(200) == 10 and statuses.count(429) == 90, statuses
    assert stored(database, "activities_activitysubmission") == 10


def test_100_rapid_contact_requests_store_10(service):
    base, database = service
    body = form({"interests": ["work"], "moving": "soon", "email": "anna@example.org", "website": ""})
    statuses = send_all([("POST", f"{base}/api/contact?kommun=pitea&language=sv", body)] * 100)
    assert statuses.count(200) == 10 and statuses.count(429) == 90, statuses
    assert stored(database, "contact_contactrequest") == 10


def test_30_erasure_confirmations_get_10_answers(service):
    base, _database = service
    statuses = send_all([("POST", f"{base}/privacy/pitea/sv/not-a-token", b"")] * 30)
    assert statuses.count(404) == 10 and statuses.count(429) == 20, statuses


def test_searches_beyond_600_a_minute_are_refused(service):
    base, _database = service
    started = time.monotonic()
    statuses = send_all([("GET", f"{base}/api/search/housing?kommun=pitea&q=villa", None)] * 650)
    assert time.monotonic() - started < 60, "the requests took longer than the limit's minute"
    assert statuses.count(200) == 600 and statuses.count(429) == 50, sorted(set(statuses))


def test_event_batches_beyond_120_a_minute_are_refused(service):
    base, _database = service
    batch = (
        b'{"site": "pitea", "events": [{"type": "exposure", "experiment": 999999, "variant": "a", "visitor": "'
        + b"0" * 32
        + b'", "page": "/sv/"}]}'
    )
    statuses = send_all([("POST", f"{base}/api/events", batch)] * 170)
    # Counted before the batch is read: the experiment does not exist, so what gets through is a 400.
    assert statuses.count(400) == 120 and statuses.count(429) == 50, sorted(set(statuses))
