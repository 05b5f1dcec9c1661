"""README's first command, `build.py --demo`, as a newcomer runs it: every step says what it does.

Run for real in a process of its own, on a fresh SQLite database (Piteå's demo only, to keep it
short): once with its output read by a pipe, as CI reads it (a plain line per step), then again
on a pseudo-terminal, as a person sees it (a bar per step).
"""

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_database  # a fresh SQLite database of its own

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "build.py", "--demo", "--kommun", "pitea", "--no-imports", "--jobs", "1"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("first-command")


def environment(workdir):
    env = {key: value for key, value in os.environ.items() if key not in ("CI", "DEMO_PASSWORD", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        COLUMNS="120",
    )
    return env


def run_on_a_terminal(command, env):
    """Run `command` with stdout and stderr on a pseudo-terminal; returns (exit code, all it wrote)."""
    main, secondary = pty.openpty()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary)
    os.close(secondary)
    chunks = []
    while True:
        ready, _, _ = select.select([main], [], [], 600)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the process has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return process.wait(), b"".join(chunks).decode("utf-8", "replace")


def test_without_a_terminal_each_step_is_one_line_and_the_last_lines_say_what_next(workdir):
    done = subprocess.run(
        COMMAND + ["--output", str(workdir / "site")],
        cwd=ROOT,
        env=environment(workdir),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"Migrating: \d+ migrations applied \(\d+\.\d s\)\.", lines[0]), lines[:3]
    assert re.fullmatch(r"Loading the demo: 1 kommun, \d+ records created \(\d+\.\d s\)\.", lines[1]), lines[:3]
    assert any(re.fullmatch(r"\[1/1\] Piteå: built \(\d+ rendered, 0 reused, \d+\.\d s\)", line) for line in lines)
    assert any(re.fullmatch(r"Search reindex: 1 kommun reindexed \(\d+\.\d s\)\.", line) for line in lines)
    public = workdir / "site" / "public"
    assert (public / "pitea" / "sv" / "index.html").is_file()
    assert lines[-3:] == [
        f"The sites are in {public}/ (a folder per kommun).",
        f"Next, look at them: {_shown(sys.executable)} build.py --serve --output {workdir / 'site'}, "
        "then open http://localhost:8000/",
        "The CMS admin is at http://localhost:8000/admin/: log in as admin or editor-<slug> (e.g. editor-pitea) "
        "with the password demo (for local use only).",
    ]


def test_on_a_terminal_each_step_is_a_bar_with_its_count(workdir):
    code, output = run_on_a_terminal(COMMAND + ["--output", str(workdir / "site")], environment(workdir))
    assert code == 0, output[-3000:]
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output)
    for title in ("Migrating", "Loading the demo", "Building the sites"):
        assert re.search(rf"{title} +━+ +\d+/\d+", plain), (title, plain[-2000:])
    assert "already loaded; nothing changed" in plain
    assert plain.rstrip().splitlines()[-1].startswith("The CMS admin is at http://localhost:8000/admin/")


def _shown(path):
    path = Path(path).absolute()
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
