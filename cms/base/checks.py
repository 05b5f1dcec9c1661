"""System checks that stop a deployment before the public meets the problem.

`manage.py check` (and every command that runs the checks) reports each broken
`sites/<slug>.toml`, every file's problems together; `manage.py check --deploy` fails
while an account still has the demo password that `load_demo` gives its accounts.
"""

import os

from django.core.checks import Error, Tags, register


@register()
def site_files(app_configs, **kwargs):
    """One error per site file that is not valid, naming its keys (a broken file takes its kommun's
    site and endpoints out; every other kommun goes on)."""
    from .site_config import read_sites

    _configs, errors = read_sites()
    return [
        Error(
            message,
            hint=f"Correct sites/{slug}.toml; `python build.py` then rebuilds that kommun.",
            obj=f"sites/{slug}.toml",
            id="base.E001",
        )
        for slug, message in errors.items()
    ]


@register(Tags.security, deploy=True)
def demo_passwords(app_configs, **kwargs):
    """An error while `admin` or an `editor-<slug>` (the accounts `load_demo` makes) can log in with
    the demo password, "demo" or DEMO_PASSWORD: anyone who read the README could."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import check_password
    from django.db import DatabaseError
    from django.db.models import Q

    passwords = {"demo", os.environ.get("DEMO_PASSWORD") or "demo"}
    demo_names = Q(username="admin") | Q(username__startswith="editor-")
    try:
        accounts = list(get_user_model().objects.filter(demo_names, is_active=True).values_list("username", "password"))
    except DatabaseError:  # not migrated yet: no accounts to worry about
        return []
    weak = sorted(name for name, encoded in accounts if any(check_password(p, encoded) for p in passwords))
    if not weak:
        return []
    return [
        Error(
            f"The account(s) {', '.join(weak)} still have the demo password, which the README publishes.",
            hint="Give each a password of its own (`python manage.py changepassword <name>`) or deactivate it.",
            id="base.E002",
        )
    ]
