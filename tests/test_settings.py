"""Production settings: secrets from the environment, and `check --deploy` clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_database  # production settings on a SQLite database of their own

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("settings_module", ["cms.settings.production", "cms.settings.public_api"])
def test_check_deploy_is_clean_with_production_settings(settings_module):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x7Qp2LmZ9vB4nR8tK1wY6cH3sJ5dF0gA",
            "DJANGO_ALLOWED_HOSTS": "cms.norrbotten.example",
            "DATABASE_URL": "sqlite:////tmp/norrbotten-check.sqlite3",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_says_which_variable_is_missing():
    result = run_manage(
        "check",
        env_overrides={"DJANGO_SETTINGS_MODULE": "cms.settings.production", "DJANGO_ALLOWED_HOSTS": "x.example"},
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
