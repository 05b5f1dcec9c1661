"""What `build.py --demo` does before and after the build: migrate, load the demo, say what next.

Each is a step of `progress.Steps`, so a newcomer's first command shows what it is doing
at every moment (a bar per step on a terminal, a line per step in CI) and ends with where
the sites are and the command to look at them.
"""

import os
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation


class _MigrateWithProgress(MigrateCommand):
    """Django's own migrate, telling a step of each migration it applied."""

    def __init__(self, step):
        super().__init__()
        self.step = step

    def migration_progress_callback(self, action, migration=None, fake=False):
        if action == "apply_success":
            self.step.advance(f"{migration.app_label}.{migration.name}")


def migrate(steps):
    """Bring the database up to date: a step counting the migrations to apply."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    step = steps.step("Migrating", len(plan))
    call_command(_MigrateWithProgress(step), verbosity=0)
    step.done(f"{len(plan)} migrations applied" if plan else "the database was up to date")


def load_demo(steps, only=None):
    """Load the demo content (`load_demo`'s loader; `only` these kommuner): a step counting the kommuner."""
    from cms.base.demo.loader import DemoLoader

    step = None

    def progress(done, total, name, created):
        nonlocal step
        if step is None:
            step = steps.step("Loading the demo", total)
        if done:
            step.advance(f"{name} ({created} records)")

    loader = DemoLoader(
        password=os.environ.get("DEMO_PASSWORD", "demo"), only=only, report=lambda line: None, progress=progress
    )
    with translation.override("en"):  # messages for the operator, in one language
        created = loader.load()
    if step is None:
        step = steps.step("Loading the demo", 0)
    kommuner = "1 kommun" if step.count == 1 else f"{step.count} kommuner"
    step.done(f"{kommuner}, {created} records created" if created else "already loaded; nothing changed")


def next_steps(output, port, default_output):
    """The closing lines: where the sites are, and how to look at them and at the CMS."""
    here = Path.cwd()

    def shown(path):
        path = Path(path).absolute()
        return path.relative_to(here) if path.is_relative_to(here) else path

    serve = f"{shown(sys.executable)} build.py --serve"
    if Path(output).resolve() != Path(default_output).resolve():
        serve += f" --output {shown(output)}"
    if port != 8000:
        serve += f" --port {port}"
    password = "the password in DEMO_PASSWORD" if os.environ.get("DEMO_PASSWORD") else "the password demo"
    return [
        f"The sites are in {shown(Path(output) / 'public')}/ (a folder per kommun).",
        f"Next, look at them: {serve}, then open http://localhost:{port}/",
        f"The CMS admin is at http://localhost:{port}/admin/: log in as admin or editor-<slug> "
        f"(e.g. editor-pitea) with {password} (for local use only).",
    ]
