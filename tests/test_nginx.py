"""The sites as a deployment serves them: Debian's nginx with the configuration `manage.py nginx_config` writes,
in front of the public service (its own URLs and middleware, as cms.settings.public_api runs them).

nginx runs as a child of the test in a temporary folder of its own (its pid, logs and temporary files; the
system's configuration is not touched) on a free loopback port, in the configuration's plain-HTTP mode.
Chromium opens pages, a search, a form and an experiment through it: the strict Content-Security-Policy
blocks nothing. Every kind of answer carries the security headers and the caching it should.
"""

import contextlib
import gzip
import http.client
import io
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connections
from django.test import override_settings

from tests.conftest import chromium
from tests.live_server import serving
from tests.test_experiment_browser import committed

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
SECURITY_HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "cross-origin-opener-policy",
)
#: Reports every violation of the policy a page meets to the test (the console says it too, in words).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => window.reportViolation(
  `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} in ${event.sourceFile}:${event.lineNumber}`));
"""

pytestmark = pytest.mark.django_db  # the test database; this module's own data is committed and removed after it


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_nginx(folder, public, upstream, **options):
    """nginx with the configuration `nginx_config` writes with `options`, not as a daemon, everything of its
    own in `folder`; yields its HTTP port (and its HTTPS port with TLS)."""
    assert Path(NGINX).exists(), "nginx is not installed: apt-get install nginx (Debian's package)."
    port, tls_port = free_port(), free_port()
    conf = folder / "nginx.conf"
    call_command(
        "nginx_config",
        listen=f"127.0.0.1:{port}",
        listen_tls=f"127.0.0.1:{tls_port}",
        local_hosts=True,
        standalone=str(folder),
        public_root=str(public),
        upstream=upstream,
        output=str(conf),
        stdout=io.StringIO(),
        **options,
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            assert process.poll() is None, f"nginx stopped: {process.stderr.read().decode()}"
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            assert time.monotonic() < deadline, "nginx did not listen within 15 s."
            time.sleep(0.1)
        yield (port, tls_port) if not options.get("plain_http") else port
    finally:
        process.terminate()
        process.wait(timeout=15)


class PublicService(WSGIHandler):
    """The public service's handler, closing its thread's database connections after each request: a kept one
    (CONN_MAX_AGE) would outlive the server thread and keep PostgreSQL from dropping the test database."""

    def __call__(self, environ, start_response):
        try:
            return super().__call__(environ, start_response)
        finally:
            connections.close_all()


@pytest.fixture(scope="module")
def deployed(django_db_setup, django_db_blocker, tmp_path_factory):
    """Piteå built with an experiment running on its home page, behind nginx; the public service beside it."""
    from cms.base.models import Kommun
    from cms.contact.models import ContactRequest
    from cms.settings.public_service import MIDDLEWARE, ROOT_URLCONF
    from cms.sitebuild import pipeline
    from tests.experiment_helpers import make_experiment

    root = tmp_path_factory.mktemp("nginx-site")
    with django_db_blocker.unblock():
        experiment = make_experiment(Kommun.objects.get(slug="pitea"))
        report = pipeline.run(root, kommuner=["pitea"], publish=True, jobs=1)
        assert not report.failed, report.failed[0].problems if report.failed else ""
    public = (root / "public").resolve()
    folder = tmp_path_factory.mktemp("nginx")
    try:
        # the public service's own URLs and middleware; its handler is made inside, so it loads that middleware
        with (
            override_settings(ROOT_URLCONF=ROOT_URLCONF, MIDDLEWARE=MIDDLEWARE, PUBLISHED_SITES_ROOT=public),
            serving(PublicService()) as service,
        ):
            service_port = int(service.rsplit(":", 1)[1])
            with running_nginx(folder, public, f"http://127.0.0.1:{service_port}", plain_http=True) as port:
                yield {
                    "port": port,
                    "service_port": service_port,
                    "public": public,
                    "experiment": experiment,
                    "url": f"http://pitea.localhost:{port}",
                    "tmp": tmp_path_factory,
                }
    finally:
        with django_db_blocker.unblock():
            ContactRequest.objects.filter(email="csp@example.org").delete()
            experiment.delete()


def fetch(port, path, host="pitea.localhost", tls=False):
    """(status, headers with lower-case names, body unzipped) of a GET as a browser sends it."""
    if tls:  # the test's own self-signed certificate, for the host name it names
        context = ssl.create_default_context(cafile=tls)
        connection = http.client.HTTPSConnection(host, port, timeout=30, context=context)
        connection.sock = context.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname=host)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host, "Accept-Encoding": "gzip", "User-Agent": USER_AGENT})
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        body = response.read()
        return response.status, headers, gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body
    finally:
        connection.close()


def test_every_kind_of_answer_carries_the_headers_and_its_caching(deployed):
    from cms.base import csp

    port = deployed["port"]
    image = next((deployed["public"] / "pitea" / "media" / "images").glob("*.webp")).name
    # The theme's scripts by the names the pages give them, which carry their content's hash.
    _status, _headers, home = fetch(port, "/sv/housing/")
    scripts = re.findall(r'<script src="(/theme/js/[a-z]+\.[0-9a-f]{12}\.js)"', home.decode())
    assert len(scripts) == 2, scripts  # site.js and search.js
    kinds = {  # path: (status, content type, Cache-Control, gzipped)
        "/sv/": (200, "text/html", "public, max-age=300", True),
        **{script: (200, "application/javascript", "public, max-age=31536000, immutable", True) for script in scripts},
        "/logo.svg": (200, "image/svg+xml", "public, max-age=3600", True),
        f"/media/images/{image}": (200, "image/webp", "public, max-age=31536000, immutable", False),
        "/api/search/housing?kommun=pitea&language=sv": (200, "application/json", None, True),
        "/search/pitea/sv/housing?tenure=rental": (200, "text/html", None, True),
        "/sv/no-such-page/": (404, "text/html", "public, max-age=300", True),
    }
    for path, (status, content_type, cache_control, gzipped) in kinds.items():
        got, headers, _body = fetch(port, path)
        assert got == status, path
        assert headers["content-type"].startswith(content_type), path
        assert headers["content-security-policy"] == csp.policy(), path
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "same-origin", path
        assert headers["x-frame-options"] == "DENY", path
        assert headers["cross-origin-opener-policy"] == "same-origin", path
        assert all(list(headers).count(name) == 1 for name in SECURITY_HEADERS), path
        if cache_control:
            assert headers["cache-control"] == cache_control, path
        assert (headers.get("content-encoding") == "gzip") == gzipped, path
        assert "nginx/" not in headers.get("server", ""), path  # no version to look up exploits for


def test_the_public_service_sends_the_same_headers_on_its_own(deployed):
    """Reached directly (on a host of its own), the public service is as strict as nginx."""
    _status, through_nginx, _body = fetch(deployed["port"], "/search/pitea/sv/housing")
    status, direct, _body = fetch(deployed["service_port"], "/search/pitea/sv/housing")
    assert status == 200
    assert {name: direct[name] for name in SECURITY_HEADERS} == {name: through_nginx[name] for name in SECURITY_HEADERS}


def test_a_missing_page_gets_the_404_page_of_its_language(deployed):
    for language, words in (("sv", 'lang="sv"'), ("en", 'lang="en"')):
        status, _headers, body = fetch(deployed["port"], f"/{language}/no-such-page/")
        assert status == 404
        assert words in body.decode()[:200]
    status, _headers, body = fetch(deployed["port"], "/no-such-page")
    assert status == 404 and b"<html" in body


def test_pages_a_search_a_form_and_an_experiment_break_no_rule_of_the_policy(deployed):
    from cms.experiments.models import ExperimentEvent

    url = deployed["url"]
    violations, console, responses = [], [], []
    with chromium() as browser:
        context = browser.new_context(user_agent=USER_AGENT)
        context.expose_function("reportViolation", lambda text: violations.append(text))
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        page.on(
            "console", lambda message: console.append(message.text) if message.type in ("error", "warning") else None
        )
        page.on("response", lambda response: responses.append(response))
        beacons = []  # the browser reports no response to a beacon: the stored events say it arrived
        page.on("request", lambda request: beacons.append(request.url) if "/api/events" in request.url else None)

        page.goto(f"{url}/sv/")  # the experiment's picker runs in the head, its stylesheet shows one variant
        assert page.evaluate("() => document.documentElement.getAttribute('data-ab')") in ("a", "b")
        assert (
            page.evaluate("() => getComputedStyle(document.documentElement).getPropertyValue('--brand')") == "#005a8c"
        )
        assert page.locator("main h1").filter(visible=True).count() == 1
        page.click("[data-ab-accept]")  # consent: the exposure goes to /api/events through nginx
        page.wait_for_function("() => localStorage.getItem('nb-consent') === 'yes'")

        page.goto(f"{url}/sv/housing/")  # results from the search API as the visitor types
        page.select_option("#tenure", "rental")
        page.fill("#rent_max", "9000")
        page.press("#rent_max", "Enter")
        page.wait_for_function("() => location.search.includes('rent_max=9000')")
        page.wait_for_function("() => document.querySelectorAll('[data-results] .card').length > 0")

        page.goto(f"{url}/search/pitea/sv/housing?tenure=rental")  # the public service's answer without JavaScript
        assert page.locator("[data-results] .card").count() > 0

        page.goto(f"{url}/sv/contact/")  # posted with fetch, answered in place
        page.check("input[name=interests][value=housing]")
        page.select_option("#moving", "year")
        page.fill("#email", "csp@example.org")
        page.click("button[type=submit]")
        page.wait_for_selector(".done")

        page.goto(f"{url}/sv/no-such-page/")
        assert page.locator("main h1").count() == 1
        page.wait_for_timeout(500)  # a beacon or a late violation report has landed

        headers = [(response.url, response.status, response.all_headers()) for response in responses]
    assert violations == []
    assert [text for text in console if "Content Security Policy" in text or "Refused" in text] == []
    assert len(headers) > 10
    answered = {urlsplit(address).path: status for address, status, _received in headers}
    assert answered["/api/search/housing"] == 200  # the API answered through nginx, not the page's static index
    assert beacons
    assert committed(
        lambda: ExperimentEvent.objects.filter(experiment=deployed["experiment"], kind="exposure").exists()
    )
    assert answered["/api/contact"] == 200
    for address, _status, received in headers:
        assert received.get("content-security-policy"), address
        assert received.get("x-content-type-options") == "nosniff", address


def test_https_with_hsts_and_plain_http_redirected(deployed):
    """The default, HTTPS mode with a (here self-signed) certificate per site and HTTP answered by a redirect."""
    tmp = deployed["tmp"]
    certificates = tmp.mktemp("certificates")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=pitea.localhost",
            "-addext",
            "subjectAltName=DNS:pitea.localhost",
            "-keyout",
            str(certificates / "pitea.key"),
            "-out",
            str(certificates / "pitea.pem"),
        ],
        check=True,
        capture_output=True,
    )
    upstream = f"http://127.0.0.1:{deployed['service_port']}"
    with running_nginx(
        tmp.mktemp("nginx-tls"),
        deployed["public"],
        upstream,
        certificate=str(certificates / "pitea.pem"),
        certificate_key=str(certificates / "pitea.key"),
    ) as (port, tls_port):
        status, headers, _body = fetch(port, "/sv/housing/?q=x")
        assert status == 301 and headers["location"] == "https://pitea.localhost/sv/housing/?q=x"
        for path in ("/sv/", "/api/search/housing?kommun=pitea", "/sv/no-such-page/"):
            status, headers, _body = fetch(tls_port, path, tls=str(certificates / "pitea.pem"))
            assert status in (200, 404), path
            assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload", path
            assert "'sha256-" in headers["content-security-policy"], path


def test_the_public_service_on_a_host_of_its_own(deployed, settings):
    """With PUBLIC_API_URL on a host of its own, that host gets a server block of its own: the service's addresses
    proxied, nothing else; the policy lets its pages load the microsites' scripts and images and the sites reach it."""
    from cms.base import csp
    from cms.base.site_config import site_configs

    settings.PUBLIC_API_URL = "https://api.norrbotten.example"
    policy = csp.content_security_policy(site_configs().values())
    assert "connect-src 'self' https://api.norrbotten.example;" in policy
    assert "form-action 'self' https://api.norrbotten.example;" in policy
    assert "https://move.pitea.se" in policy.split("script-src")[1].split(";")[0]
    assert "https://move.pitea.se" in policy.split("img-src")[1].split(";")[0]

    settings.PUBLIC_API_URL = "http://api.localhost"
    upstream = f"http://127.0.0.1:{deployed['service_port']}"
    with running_nginx(deployed["tmp"].mktemp("nginx-service"), deployed["public"], upstream, plain_http=True) as port:
        status, headers, body = fetch(port, "/api/search/housing?kommun=pitea&language=sv", host="api.localhost")
        assert status == 200 and headers["content-type"].startswith("application/json") and b'"hits"' in body
        assert headers["x-content-type-options"] == "nosniff"
        assert fetch(port, "/sv/", host="api.localhost")[0] == 404
