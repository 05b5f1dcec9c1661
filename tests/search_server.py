"""A real Elasticsearch or OpenSearch for the tests and the benchmark, from Maven Central, on loopback.

Both publish a runnable distribution for plugin authors' integration tests,
`org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>` and
`org.opensearch.distribution.integ-test-zip:opensearch:<version>` (zips without a bundled JDK).
Maven fetches one once into ~/.m2 and a copy into the cache folder (~/.cache/norrbotten, or
$NORRBOTTEN_CACHE); each run unpacks it into a temporary folder, starts one node on a free port
of 127.0.0.1 with its data, logs and configuration there, and deletes the folder when the node
stops. Elasticsearch runs with security on, as every Elasticsearch 8+ deployment does, with a
password generated for the run, so the tests talk to it as production would, through basic
auth. OpenSearch's security is a plugin that is not on Maven Central (the registry answers
"Could not find artifact org.opensearch.plugin:opensearch-security:zip:3.6.0.0"), so the node
listens on a port of its own and Debian's nginx stands in front of it on the published port,
asking for a password generated for the run (basic auth): what a deployment without the plugin
does, and how the tests meet a refused password there too.

Run a command against a fresh node (this is how .ci/run and developers run the search suite):

    python tests/search_server.py elasticsearch .venv/bin/pytest -ra tests/test_search_contract.py
    python tests/search_server.py opensearch .venv/bin/pytest -ra tests/test_search_contract.py

Fetch both distributions into the cache and do nothing else (.ci/run does this in the background while
the suites run, so the search stages find them there):

    python tests/search_server.py fetch

The command gets ELASTICSEARCH_URL, SEARCH_SERVER, ELASTICSEARCH_USERNAME and
ELASTICSEARCH_PASSWORD in its environment. Without a command the
node runs until Ctrl-C. ELASTICSEARCH_VERSION or OPENSEARCH_VERSION picks another version of
the major line the backends support.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from base64 import b64encode
from dataclasses import dataclass
from pathlib import Path

CACHE = Path(os.environ.get("NORRBOTTEN_CACHE", Path.home() / ".cache" / "norrbotten"))
JDK_FOLDERS = ("/usr/lib/jvm", "/opt")
MINIMUM_JAVA = 21  # Elasticsearch 9 and OpenSearch 3 run on Java 21 or later
HEAP = "-Xms512m -Xmx512m"
STARTUP_SECONDS = 180


@dataclass(frozen=True)
class Server:
    """What differs between the two servers' distributions: names, the artefact, the environment
    their scripts read, and the settings of a single node."""

    name: str  # as SEARCH_SERVER names it, and the distribution's folder and scripts
    product: str
    version: str
    artifact: str
    environment_prefix: str  # ES_ or OPENSEARCH_: ES_JAVA_HOME, OPENSEARCH_PATH_CONF, ...
    settings: tuple  # (key, value) of the node's settings beside the single-node ones
    username: str
    behind_nginx: bool  # asks for the password in nginx in front (else the keystore sets the superuser's)

    @property
    def zip_name(self):
        return f"{self.name}-{self.version}.zip"


SERVERS = {
    "elasticsearch": Server(
        name="elasticsearch",
        product="Elasticsearch",
        version=os.environ.get("ELASTICSEARCH_VERSION", "9.2.4"),  # the newest 9.x integ-test-zip on Maven Central
        artifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip",
        environment_prefix="ES_",
        settings=(
            ("xpack.security.enabled", "true"),
            ("xpack.security.http.ssl.enabled", "false"),
            ("xpack.security.transport.ssl.enabled", "false"),
        ),
        username="elastic",  # the built-in superuser
        behind_nginx=False,
    ),
    "opensearch": Server(
        name="opensearch",
        product="OpenSearch",
        version=os.environ.get("OPENSEARCH_VERSION", "3.6.0"),  # the newest 3.x integ-test-zip on Maven Central
        artifact="org.opensearch.distribution.integ-test-zip:opensearch:{version}:zip",
        environment_prefix="OPENSEARCH_",
        settings=(),
        username="norrbotten",
        behind_nginx=True,
    ),
}


class ServerError(RuntimeError):
    """The node could not be fetched or started; the message says which step failed."""


def distribution(server):
    """The distribution's zip in the cache, fetched with Maven the first time. One process fetches while the
    others wait for it (a lock on the cache), and the zip appears whole or not at all: .ci/run fetches in the
    background while its search stages may already ask for it."""
    zipped = CACHE / server.zip_name
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if zipped.exists():
            return zipped
        with tempfile.TemporaryDirectory(dir=CACHE, prefix=".fetching-") as folder:
            command = [
                "mvn",
                "-q",
                "-B",
                "dependency:copy",
                f"-Dartifact={server.artifact.format(version=server.version)}",
                f"-DoutputDirectory={folder}",
            ]
            done = subprocess.run(command, cwd=CACHE, capture_output=True, text=True)
            fetched = Path(folder) / server.zip_name
            if done.returncode or not fetched.exists():
                raise ServerError(
                    f"Maven could not fetch {server.product} {server.version} ({' '.join(command)}):\n"
                    f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
                )
            fetched.replace(zipped)
    return zipped


def java_home(server):
    """A JDK the server runs on: $ES_JAVA_HOME (or $OPENSEARCH_JAVA_HOME), else the newest JDK >= 21
    in the usual folders."""
    chosen = os.environ.get(f"{server.environment_prefix}JAVA_HOME")
    if chosen:
        return chosen
    found = []
    for folder in JDK_FOLDERS:
        for home in Path(folder).glob("*"):
            release = home / "release"
            if (home / "bin" / "java").exists() and release.exists():
                for line in release.read_text().splitlines():
                    if line.startswith("JAVA_VERSION="):
                        major = int(line.split("=", 1)[1].strip('"').split(".")[0])
                        if major >= MINIMUM_JAVA:
                            found.append((major, str(home)))
    if not found:
        raise ServerError(
            f"No JDK {MINIMUM_JAVA} or later in {' or '.join(JDK_FOLDERS)}: install one or set "
            f"{server.environment_prefix}JAVA_HOME."
        )
    return max(found)[1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Node:
    """One single-node cluster in a folder of its own; `start()` waits until it answers green."""

    def __init__(self, server="elasticsearch"):
        self.server = SERVERS[server]
        self.version = self.server.version
        self.password = secrets.token_urlsafe(18)
        self.port = free_port()  # where clients reach the node
        self.node_port = free_port() if self.server.behind_nginx else self.port
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = None
        self.process = None
        self.nginx = None

    @property
    def environment(self):
        """What a client needs to reach this node."""
        return {
            "ELASTICSEARCH_URL": self.url,
            "SEARCH_SERVER": self.server.name,
            "ELASTICSEARCH_USERNAME": self.server.username,
            "ELASTICSEARCH_PASSWORD": self.password,
        }

    def start(self):
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self):
        server, prefix = self.server, self.server.environment_prefix
        zipped = distribution(server)
        self.folder = Path(tempfile.mkdtemp(prefix=f"norrbotten-{server.name}-"))
        home = self.folder / f"{server.name}-{self.version}"
        _unzip(zipped, self.folder)
        config = self.folder / "config"
        shutil.copytree(home / "config", config)
        for name in ("data", "logs", "tmp"):
            (self.folder / name).mkdir()
        user = _unprivileged_user()
        if user:  # neither server runs as root (CI runs as root)
            for path in [self.folder, *self.folder.rglob("*")]:
                os.chown(path, user.pw_uid, user.pw_gid, follow_symlinks=False)
        env = {
            **os.environ,
            f"{prefix}JAVA_HOME": java_home(server),
            f"{prefix}PATH_CONF": str(config),
            f"{prefix}TMPDIR": str(self.folder / "tmp"),
            f"{prefix}JAVA_OPTS": HEAP,
        }
        env.pop("JAVA_HOME", None)
        as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []} if user else {}
        if not server.behind_nginx:
            keystore = subprocess.run(
                [str(home / "bin" / f"{server.name}-keystore"), "add", "--force", "-x", "bootstrap.password"],
                input=self.password,
                text=True,
                capture_output=True,
                env=env,
                cwd=home,
                **as_user,
            )
            if keystore.returncode:
                raise ServerError(f"Could not set the node's password: {keystore.stderr[-2000:]}")
        settings = {
            "discovery.type": "single-node",
            "network.host": "127.0.0.1",
            "http.port": self.node_port,
            "transport.port": free_port(),
            "path.data": self.folder / "data",
            "path.logs": self.folder / "logs",
            "cluster.routing.allocation.disk.threshold_enabled": "false",
            **dict(server.settings),
        }
        command = [str(home / "bin" / server.name), "-q", *(f"-E{key}={value}" for key, value in settings.items())]
        self.log = open(self.folder / "console.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, env=env, cwd=home, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True, **as_user
        )
        if server.behind_nginx:
            self.nginx = _nginx_in_front(self.folder, self.port, self.node_port, server.username, self.password)
        self._wait_until_healthy()
        return self

    def _wait_until_healthy(self):
        deadline = time.monotonic() + STARTUP_SECONDS
        name = f"{self.server.product} {self.version}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"{name} stopped while starting:\n{self._log_tail()}")
            if self.nginx and self.nginx.poll() is not None:
                raise ServerError(f"nginx in front of {name} stopped while starting:\n{self._log_tail()}")
            with contextlib.suppress(OSError):
                if self.health() in ("green", "yellow"):
                    return
            time.sleep(1)
        raise ServerError(f"{name} was not healthy after {STARTUP_SECONDS} s:\n{self._log_tail()}")

    def health(self):
        request = urllib.request.Request(f"{self.url}/_cluster/health", headers=self.authorization)
        with urllib.request.urlopen(request, timeout=5) as answer:
            return json.load(answer)["status"]

    @property
    def authorization(self):
        """The request headers that log in."""
        return {"Authorization": "Basic " + b64encode(f"{self.server.username}:{self.password}".encode()).decode()}

    def _log_tail(self):
        """The end of the console and of the server's own logs, for the error message."""
        paths = [self.folder / "console.log", *sorted((self.folder / "logs").glob("*.log"))]
        return "\n".join(path.read_text(errors="replace")[-3000:] for path in paths if path.exists())

    def stop(self):
        """Stop the node (and nginx) and delete its folder (its data with it)."""
        for process in (self.nginx, self.process):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(60)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        if getattr(self, "log", None):
            self.log.close()
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _unprivileged_user():
    """The user the node runs as when we are root: `nobody` (neither server runs as root)."""
    if os.geteuid() != 0:
        return None
    return pwd.getpwnam("nobody")


NGINX_CONF = """
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/logs/nginx-error.log;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {folder}/tmp/nginx-body;
    proxy_temp_path {folder}/tmp/nginx-proxy;
    fastcgi_temp_path {folder}/tmp/nginx-fastcgi;
    uwsgi_temp_path {folder}/tmp/nginx-uwsgi;
    scgi_temp_path {folder}/tmp/nginx-scgi;
    client_max_body_size 100m;  # a rebuild's bulk requests
    upstream node {{ server 127.0.0.1:{node_port}; keepalive 32; }}
    server {{
        listen 127.0.0.1:{port};
        auth_basic "search";
        auth_basic_user_file {folder}/htpasswd;
        location / {{
            proxy_pass http://node;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Authorization "";
        }}
    }}
}}
"""


def _nginx_in_front(folder, port, node_port, username, password):
    """Debian's nginx on `port`, asking for the password before it passes a request on to the node."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise ServerError("nginx is not installed (apt-get install nginx): it asks for OpenSearch's password.")
    salt = secrets.token_bytes(8)
    digest = b64encode(hashlib.sha1(password.encode() + salt).digest() + salt).decode()
    (folder / "htpasswd").write_text(f"{username}:{{SSHA}}{digest}\n")
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(folder=folder, port=port, node_port=node_port))
    if _unprivileged_user():  # its workers run as nobody, who must read these
        for path in (folder / "htpasswd", conf):
            path.chmod(0o644)
    return subprocess.Popen(
        [nginx, "-p", str(folder), "-c", str(conf), "-e", str(folder / "logs" / "nginx-error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _unzip(zipped, folder):
    """Unpack keeping the scripts' execute bits (zipfile drops them)."""
    with zipfile.ZipFile(zipped) as archive:
        for member in archive.infolist():
            path = Path(archive.extract(member, folder))
            mode = member.external_attr >> 16
            if mode and not member.is_dir():
                path.chmod(mode & 0o777)


USAGE = f"usage: python tests/search_server.py {{{','.join(SERVERS)}}} [COMMAND ...] | fetch"


def main(argv):
    if argv == ["fetch"]:
        for server in SERVERS.values():
            print(f"{server.product} {server.version}: {distribution(server)}", flush=True)
        return 0
    if not argv or argv[0] not in SERVERS:
        print(USAGE, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a stopped run stops its node too
    with Node(argv[0]) as node:
        front = " (through nginx)" if node.server.behind_nginx else ""
        print(
            f"{node.server.product} {node.version} at {node.url}{front}, "
            f"user {node.server.username}, password {node.password}",
            flush=True,
        )
        if len(argv) == 1:
            with contextlib.suppress(KeyboardInterrupt):
                signal.pause()
            return 0
        return subprocess.run(argv[1:], env={**os.environ, **node.environment}).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
