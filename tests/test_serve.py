"""`python build.py --serve`, run as a developer runs it (debug settings, a port of its own): the published
sites with their images, the CMS's own uploads, and every address the admin hands out on that port."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db  # the published sites are built from the test database


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port, host, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


@pytest.fixture
def served(published_sites, tmp_path):
    """build.py --serve on a free port over the published sites, with its own empty database and media."""
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "upload.txt").write_text("an editor's upload\n")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "MEDIA_ROOT": str(media),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
    }
    env.pop("SERVE_PORT", None)
    server = subprocess.Popen(
        [sys.executable, "build.py", "--serve", "--port", str(port), "--output", str(published_sites[0])],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_served_sites_show_their_images_and_the_cms_its_uploads(served):
    status, _type, page = fetch(served, "pitea.localhost", "/sv/")
    assert status == 200
    images = re.findall(r'<img[^>]* src="(/media/[^"]+)"', page.decode())
    assert images
    for image in images[:3]:
        status, content_type, body = fetch(served, "pitea.localhost", image)
        assert (status, content_type) == (200, "image/jpeg") and len(body) > 1000, image
    assert fetch(served, "localhost", "/media/original_images/upload.txt")[2] == b"an editor's upload\n"


def test_the_admins_links_follow_the_configured_port():
    """A session's link and QR code, previews and the build's "Fix it at" links name the port the sites and
    the admin are served on (SERVE_PORT, or `--port`), never a fixed :8000."""
    script = (
        "import django; django.setup()\n"
        "from cms.base.models import Kommun\n"
        "from cms.export.kommun import admin_url\n"
        "from cms.experiments.models import UsabilitySession\n"
        "from cms.experiments.views.sessions import session_link\n"
        "session = UsabilitySession(kommun=Kommun(slug='pitea'), language='en', token='t', variant='b')\n"
        "print(session_link(session)); print(admin_url('pages/3/edit/'))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "SERVE_PORT": "8765"}
    env.pop("MICROSITE_URL", None), env.pop("WAGTAILADMIN_BASE_URL", None)
    lines = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert lines == ["http://pitea.localhost:8765/en/#nb-session=t..b", "http://localhost:8765/admin/pages/3/edit/"]


def processes_naming(text):
    """The ids of the running processes whose command line contains `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode():
                found.append(int(entry.name))
        except OSError:  # ended meanwhile
            continue
    return found


def test_the_publish_worker_stops_when_the_server_is_killed_while_it_is_still_starting(tmp_path):
    """`build.py --serve` killed outright (no chance to stop its worker) just after starting it: the worker,
    which had not yet looked at who started it, must still notice and stop, not run on in the background."""
    output = tmp_path / "output"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"}
    env.pop("SERVE_PORT", None)
    server = subprocess.Popen(
        [sys.executable, "build.py", "--serve", "--port", str(free_port()), "--output", str(output)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    marker = f"publish_worker --stop-with-parent {server.pid} --output {output}"
    workers = []
    try:
        deadline = time.monotonic() + 60
        while not workers and time.monotonic() < deadline:
            workers = processes_naming(marker)
            time.sleep(0.01)
        assert workers, "build.py --serve started no publish worker"
        server.kill()  # the worker is still loading Django: it has not yet asked who its parent is
        server.wait(timeout=30)
        deadline = time.monotonic() + 60
        while processes_naming(marker) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert processes_naming(marker) == [], "the publish worker runs on after its server was killed"
    finally:
        server.kill()
        for pid in processes_naming(marker):
            os.kill(pid, 9)
