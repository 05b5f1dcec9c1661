"""The publish worker started beside `build.py --serve`, so a fresh clone's publishes go live without another command."""

import contextlib
import os
import subprocess
import sys

from django.conf import settings


@contextlib.contextmanager
def worker_beside(output):
    """Run `manage.py publish_worker --output OUTPUT` while the block runs; stop it after.

    It shares the terminal's process group, so Ctrl+C stops both; leaving the block
    terminates it (it finishes the build at hand first), and it stops by itself when the
    server was killed without leaving the block."""
    process = subprocess.Popen(
        [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "publish_worker",
            "--stop-with-parent",
            str(os.getpid()),  # known before the worker starts: a server killed meanwhile is noticed
            "--output",
            str(output),
        ],
        cwd=settings.BASE_DIR,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
