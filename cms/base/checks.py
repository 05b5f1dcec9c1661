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


@register()
def languages(app_configs, **kwargs):
    """One error per thing a language of the registry (cms/languages.py) lacks: its interface
    catalog (naming the file to add), a Babel locale Babel knows, a Snowball stemmer that exists,
    fallbacks that are languages too. Each would otherwise surface mid-build or mid-request."""
    import snowballstemmer
    from babel import Locale, UnknownLocaleError

    from cms import languages as registry
    from cms.theme import THEME_DIR
    from cms.theme.i18n import catalog_path

    errors = []
    for language in registry.REGISTRY.values():
        where = f"cms/languages.py: {language.code}"
        path = catalog_path(THEME_DIR, language.code)
        if language.code != registry.INTERFACE and not path.is_file():
            errors.append(
                Error(
                    f"The language {language.code} ({language.name}) has no interface catalog: {path} is missing.",
                    hint="Copy the Swedish catalog to that path and translate every msgstr (see cms/languages.py).",
                    obj=where,
                    id="base.E003",
                )
            )
        try:
            Locale.parse(language.babel_locale)
        except (UnknownLocaleError, ValueError):
            errors.append(
                Error(f"Babel has no locale {language.babel_locale!r} for {language.code}.", obj=where, id="base.E004")
            )
        if language.stemmer and language.stemmer not in snowballstemmer.algorithms():
            errors.append(
                Error(
                    f"Snowball has no stemmer {language.stemmer!r} (for {language.code}).",
                    hint=f"Use one of {', '.join(snowballstemmer.algorithms())}, or None to match words as written.",
                    obj=where,
                    id="base.E005",
                )
            )
        unknown = [code for code in language.fallbacks if code not in registry.REGISTRY]
        if unknown:
            errors.append(
                Error(
                    f"The fallbacks of {language.code} name unknown languages: {', '.join(unknown)}.",
                    obj=where,
                    id="base.E006",
                )
            )
    return errors


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
