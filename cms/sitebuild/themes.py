"""Which theme a kommun's site is rendered with, and a digest of it that changes whenever it does.

Every kommun shares the theme in themes/norrbotten; a kommun may put templates of its own in
`sites/<slug>/templates/`, which Pelican's loader tries first (THEME_TEMPLATES_OVERRIDES).
"""

import hashlib
from pathlib import Path

from django.conf import settings


def theme_hash():
    """Changes whenever a template, the stylesheet, a script, a catalog, a language's entry or the code that
    exports and renders changes: the content's stamp cannot see a change of code."""
    from cms import languages
    from cms.theme import THEME_DIR

    digest = hashlib.sha256()
    for path in sorted(THEME_DIR.rglob("*")):
        # npm's folder is what package-lock.json (hashed here) pins, by version and integrity
        if path.is_file() and path.suffix != ".mo" and "node_modules" not in path.relative_to(THEME_DIR).parts:
            digest.update(str(path.relative_to(THEME_DIR)).encode())
            digest.update(path.read_bytes())
    code = Path(__file__).resolve().parents[1]  # cms/
    packages = [*(code / "sitebuild").glob("*.py"), *(code / "theme").glob("*.py"), *(code / "export").glob("*.py")]
    for path in sorted([*packages, *code.glob("*/export.py")]):
        digest.update(str(path.relative_to(code)).encode())
        digest.update(path.read_bytes())
    digest.update(repr(languages.REGISTRY).encode())  # names, directions, locales: read by the templates
    return digest.hexdigest()


def kommun_theme(slug, theme):
    """The theme one kommun is rendered with: the shared theme, and its own templates if it has any."""
    folders = theme_overrides(slug)
    if not folders:
        return theme
    digest = hashlib.sha256(theme.encode())
    for path in sorted(Path(folders[0]).rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folders[0])).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def theme_overrides(slug):
    """A kommun's own templates (`sites/<slug>/templates/`), which Pelican's loader tries before the theme's."""
    folder = Path(settings.SITES_DIR) / slug / "templates"
    return [str(folder)] if folder.is_dir() else []
