"""Publish, then live: from an editor's Publish in the admin to the new bytes served by `build.py --serve`.

    .venv/bin/python bench/bench_live.py [--workdir /tmp/norrbotten-live] [--runs 3]
    .venv/bin/python bench/bench_live.py --scale /tmp/stages-bench --workdir /tmp/norrbotten-live-scale

Prepares a workdir once: at the demo's size `build.py --demo` into a database of its own; with
`--scale SOURCE`, a copy of SOURCE's prepared 21,000-page database (bench/bench_publish.py's, its
media linked file by file, never written) and one full publish. Then runs `build.py --serve`
(which starts the publish worker beside it) on a free port and, `--runs` times, logs in to the
admin over HTTP as Piteå's editor, POSTs a new title of Piteå's stories page with "Publish", and
fetches the page from the served site every 20 ms until it shows the new title. Prints each run
and the median, against the floors (5 s at the demo's size, 10 s at the 21,000-page scale).
"""

import argparse
import contextlib
import http.client
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.helpers import story_index_publish_form  # noqa: E402

PASSWORD = os.environ.get("DEMO_PASSWORD", "demo")


def environment(workdir):
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "CI": "1",
    }


def prepare(workdir, scale):
    """The content and its first published release, made once per workdir."""
    if (workdir / "prepared").exists():
        return
    workdir.mkdir(parents=True, exist_ok=True)
    if scale:
        shutil.copyfile(scale / "scale.sqlite3", workdir / "db.sqlite3")
        shutil.rmtree(workdir / "media", ignore_errors=True)
        shutil.copytree(scale / "media", workdir / "media", copy_function=os.link)  # new files stay ours
        # The scale workdir was made before the publishing queue's tables existed.
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment(workdir), check=True)
        command = ["--publish", "--no-imports"]
    else:
        command = ["--demo", "--no-imports"]
    subprocess.run(
        [sys.executable, "build.py", *command, "--output", str(workdir / "site")],
        cwd=ROOT,
        env=environment(workdir),
        check=True,
    )
    (workdir / "prepared").write_text("yes")


def free_port():
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Admin:
    """An editor's browser, as far as the admin needs one: cookies, the CSRF token, form posts over HTTP."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": f"localhost:{self.port}", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://localhost:{self.port}{path}"
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, response.getheader("Location", ""), response.read().decode()

    def log_in(self, username):
        self.request("GET", "/admin/login/")
        status, _, body = self.request(
            "POST", "/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"}
        )
        assert status == 302, f"could not log in as {username}: {status} {body[-500:]}"

    def publish(self, page_id, slug, title):
        status, location, body = self.request(
            "POST",
            f"/admin/pages/{page_id}/edit/",
            story_index_publish_form(title, slug),
        )
        assert status == 302, f"the publish was refused: {status} {body[-1500:]}"


def served(port, host, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": f"{host}:{port}"})
    response = connection.getresponse()
    return response.status, response.read().decode()


def stories_page(workdir):
    """(id, slug, served path) of Piteå's Swedish stories page."""
    with contextlib.closing(sqlite3.connect(workdir / "db.sqlite3")) as db:
        home = db.execute(
            "SELECT p.path FROM base_kommun k JOIN wagtailcore_site s ON s.id = k.site_id "
            "JOIN wagtailcore_page p ON p.id = s.root_page_id WHERE k.slug = 'pitea'"
        ).fetchone()[0]
        page_id, slug = db.execute(
            "SELECT p.id, p.slug FROM wagtailcore_page p JOIN django_content_type t ON t.id = p.content_type_id "
            "WHERE t.model = 'storyindexpage' AND p.path LIKE ? || '%'",
            (home,),
        ).fetchone()
    return page_id, slug, f"/sv/{slug}/"


def pending(workdir):
    with contextlib.closing(sqlite3.connect(workdir / "db.sqlite3", timeout=30)) as db:
        return db.execute("SELECT count(*) FROM publishing_build WHERE outcome IN ('queued', 'building')").fetchone()[0]


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if condition():
                return
        time.sleep(0.1)
    sys.exit(f"Timed out after {timeout} s waiting for {what}.")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/norrbotten-live"))
    parser.add_argument("--scale", type=Path, help="a prepared scale workdir to copy (bench/bench_publish.py's)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    prepare(args.workdir, args.scale)
    from bench.table import print_table

    port = free_port()
    env = {**environment(args.workdir), "SERVE_PORT": str(port)}
    log = open(args.workdir / "serve.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "build.py", "--serve", "--port", str(port), "--output", str(args.workdir / "site")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(lambda: served(port, "localhost", "/")[0] == 200, 120, "build.py --serve")
        ready = "is taking the publishing queue"
        wait_for(lambda: ready in (args.workdir / "serve.log").read_text(errors="replace"), 300, "the publish worker")
        wait_for(lambda: pending(args.workdir) == 0, 1800, "the worker to finish what was queued before")
        page_id, slug, path = stories_page(args.workdir)
        admin = Admin(port)
        admin.log_in("editor-pitea")
        seconds = []
        for run in range(args.runs):
            title = f"Berättelser, live {run + 1} at {time.time():.3f}"
            started = time.perf_counter()
            admin.publish(page_id, slug, title)
            wait_for(lambda title=title: title in served(port, "pitea.localhost", path)[1], 600, "the new title")
            seconds.append(time.perf_counter() - started)
            wait_for(lambda: pending(args.workdir) == 0, 600, "the build to be recorded")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=120)
        log.close()
    pages = sum(
        n.endswith(".html")
        for _f, _d, names in os.walk(args.workdir / "site" / "public", followlinks=True)
        for n in names
    )
    floor = 10 if args.scale else 5
    print_table(
        [
            (f"site size: {pages} HTML pages; {args.runs} runs", None, ""),
            *[(f"run {n + 1}: admin POST (Publish) until served", s, "") for n, s in enumerate(seconds)],
            ("median: Publish until the new bytes are served", statistics.median(seconds), f"floor: {floor} s"),
        ]
    )


if __name__ == "__main__":
    main()
