"""A real Elasticsearch for the tests and the benchmark, from Maven Central, on loopback.

Elasticsearch publishes a runnable distribution for plugin authors' integration tests,
`org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>` (a zip without a
bundled JDK). Maven fetches it once into ~/.m2 and a copy into the cache folder
(~/.cache/norrbotten, or $NORRBOTTEN_CACHE); each run unpacks it into a temporary folder,
starts one node on a free port of 127.0.0.1 with its data, logs and configuration there,
and deletes the folder when the node stops. Security is on, as in every Elasticsearch 8+
deployment, with a password generated for the run: the tests talk to it as production
would, through basic auth.

Run a command against a fresh node (this is how .ci/run and developers run the search suite):

    python tests/elasticsearch_server.py .venv/bin/pytest -ra tests/test_search_contract.py

The command gets ELASTICSEARCH_URL, ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD in its
environment. Without a command the node runs until Ctrl-C. ELASTICSEARCH_VERSION picks
another version of the 9.x line the backend supports.
"""

import contextlib
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
from pathlib import Path

VERSION = os.environ.get("ELASTICSEARCH_VERSION", "9.2.4")  # the newest 9.x integ-test-zip on Maven Central
ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"
CACHE = Path(os.environ.get("NORRBOTTEN_CACHE", Path.home() / ".cache" / "norrbotten"))
JDK_FOLDERS = ("/usr/lib/jvm", "/opt")
MINIMUM_JAVA = 21  # Elasticsearch 9 runs on Java 21 or later
HEAP = "-Xms512m -Xmx512m"
USERNAME = "elastic"  # the built-in superuser, whose password the keystore sets at first start
STARTUP_SECONDS = 180


class ServerError(RuntimeError):
    """The node could not be fetched or started; the message says which step failed."""


def distribution(version=VERSION):
    """The distribution's zip in the cache, fetched with Maven the first time."""
    zipped = CACHE / f"elasticsearch-{version}.zip"
    if not zipped.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        command = [
            "mvn",
            "-q",
            "-B",
            "dependency:copy",
            f"-Dartifact={ARTIFACT.format(version=version)}",
            f"-DoutputDirectory={CACHE}",
        ]
        done = subprocess.run(command, cwd=CACHE, capture_output=True, text=True)
        if done.returncode or not zipped.exists():
            raise ServerError(
                f"Maven could not fetch Elasticsearch {version} ({' '.join(command)}):\n"
                f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
            )
    return zipped


def java_home():
    """A JDK Elasticsearch 9 runs on: $ES_JAVA_HOME, else the newest JDK >= 21 in the usual folders."""
    if os.environ.get("ES_JAVA_HOME"):
        return os.environ["ES_JAVA_HOME"]
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
            f"No JDK {MINIMUM_JAVA} or later in {' or '.join(JDK_FOLDERS)}: install one or set ES_JAVA_HOME."
        )
    return max(found)[1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Node:
    """One single-node cluster in a folder of its own; `start()` waits until it answers green."""

    def __init__(self, version=VERSION):
        self.version = version
        self.password = secrets.token_urlsafe(18)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = None
        self.process = None

    @property
    def environment(self):
        """What a client needs to reach this node."""
        return {
            "ELASTICSEARCH_URL": self.url,
            "ELASTICSEARCH_USERNAME": USERNAME,
            "ELASTICSEARCH_PASSWORD": self.password,
        }

    def start(self):
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self):
        zipped = distribution(self.version)
        self.folder = Path(tempfile.mkdtemp(prefix="norrbotten-elasticsearch-"))
        home = self.folder / f"elasticsearch-{self.version}"
        _unzip(zipped, self.folder)
        config = self.folder / "config"
        shutil.copytree(home / "config", config)
        for name in ("data", "logs", "tmp"):
            (self.folder / name).mkdir()
        user = _unprivileged_user()
        if user:  # Elasticsearch refuses to run as root (CI runs as root)
            for path in [self.folder, *self.folder.rglob("*")]:
                os.chown(path, user.pw_uid, user.pw_gid, follow_symlinks=False)
        env = {
            **os.environ,
            "ES_JAVA_HOME": java_home(),
            "ES_PATH_CONF": str(config),
            "ES_TMPDIR": str(self.folder / "tmp"),
            "ES_JAVA_OPTS": HEAP,
        }
        env.pop("JAVA_HOME", None)
        as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []} if user else {}
        keystore = subprocess.run(
            [str(home / "bin" / "elasticsearch-keystore"), "add", "--force", "-x", "bootstrap.password"],
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
            "http.port": self.port,
            "transport.port": free_port(),
            "path.data": self.folder / "data",
            "path.logs": self.folder / "logs",
            "xpack.security.enabled": "true",
            "xpack.security.http.ssl.enabled": "false",
            "xpack.security.transport.ssl.enabled": "false",
            "cluster.routing.allocation.disk.threshold_enabled": "false",
        }
        command = [str(home / "bin" / "elasticsearch"), "-q", *(f"-E{key}={value}" for key, value in settings.items())]
        self.log = open(self.folder / "console.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, env=env, cwd=home, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True, **as_user
        )
        self._wait_until_healthy()
        return self

    def _wait_until_healthy(self):
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"Elasticsearch {self.version} stopped while starting:\n{self._log_tail()}")
            with contextlib.suppress(OSError):
                if self.health() in ("green", "yellow"):
                    return
            time.sleep(1)
        raise ServerError(
            f"Elasticsearch {self.version} was not healthy after {STARTUP_SECONDS} s:\n{self._log_tail()}"
        )

    def health(self):
        request = urllib.request.Request(f"{self.url}/_cluster/health", headers={"Authorization": self.authorization})
        with urllib.request.urlopen(request, timeout=5) as answer:
            return json.load(answer)["status"]

    @property
    def authorization(self):
        return "Basic " + b64encode(f"{USERNAME}:{self.password}".encode()).decode()

    def _log_tail(self):
        """The end of the console and of the server's own log, for the error message."""
        paths = (self.folder / "console.log", self.folder / "logs" / "elasticsearch.log")
        return "\n".join(path.read_text(errors="replace")[-3000:] for path in paths if path.exists())

    def stop(self):
        """Stop the node and delete its folder (its data with it)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _unprivileged_user():
    """The user the node runs as when we are root: `nobody` (Elasticsearch refuses root)."""
    if os.geteuid() != 0:
        return None
    return pwd.getpwnam("nobody")


def _unzip(zipped, folder):
    """Unpack keeping the scripts' execute bits (zipfile drops them)."""
    with zipfile.ZipFile(zipped) as archive:
        for member in archive.infolist():
            path = Path(archive.extract(member, folder))
            mode = member.external_attr >> 16
            if mode and not member.is_dir():
                path.chmod(mode & 0o777)


def main(argv):
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a stopped run stops its node too
    with Node() as node:
        print(f"Elasticsearch {node.version} at {node.url} (user {USERNAME}, password {node.password})", flush=True)
        if not argv:
            with contextlib.suppress(KeyboardInterrupt):
                signal.pause()
            return 0
        return subprocess.run(argv, env={**os.environ, **node.environment}).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
