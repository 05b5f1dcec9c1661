"""The demo's accounts (`admin`, `editor-<slug>`, password "demo") never reach production.

`load_demo` and `build.py --demo` refuse under production settings before they touch
anything, and `manage.py check --deploy` fails while an account still has the demo password.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db.models import Q

ROOT = Path(__file__).resolve().parent.parent


def production(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_ALLOWED_HOSTS": "cms.norrbotten.example",
        "DJANGO_SECRET_KEY": "a-long-random-production-key-x7Qp2LmZ9vB4nR8tK1wY6cH3sJ5dF0gA",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }


def tables(database):
    if not database.exists():
        return []
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


@pytest.mark.parametrize("command", [["manage.py", "load_demo"], ["build.py", "--demo", "--output", "{out}"]])
def test_the_demo_is_refused_under_production_settings(tmp_path, command):
    command = [part.replace("{out}", str(tmp_path / "out")) for part in command]
    result = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=production(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "not loaded under production settings" in result.stderr
    assert "Traceback" not in result.stderr
    assert "auth_user" not in tables(tmp_path / "production.sqlite3")  # not even migrated
    assert not (tmp_path / "out").exists()


@pytest.mark.django_db
def test_check_deploy_fails_while_an_account_has_the_demo_password():
    with pytest.raises(SystemCheckError) as failure:
        call_command("check", "--deploy", "--tag", "security")
    [problem] = [line for line in str(failure.value).splitlines() if "base.E002" in line]
    assert "The account(s) admin, editor-alvsbyn," in problem and "editor-pitea" in problem

    for user in get_user_model().objects.filter(Q(username="admin") | Q(username__startswith="editor-")):
        user.set_password(f"{user.username}-own-long-passphrase")
        user.save()
    call_command("check", "--deploy", "--tag", "security", "--fail-level", "ERROR")  # no error left
