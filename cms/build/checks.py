"""Checks a built site must pass before it may go live.

Every internal link and asset resolves, no page is empty, and every language the
site claims has its interface strings translated.
"""
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src", "srcset", "poster"}


class _PageScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.main_text, self._in_main, self._skip = [], [], 0, 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self._in_main += 1
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value:
                if name == "srcset":
                    self.links += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
                else:
                    self.links.append(value)

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main -= 1
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if self._in_main and not self._skip and data.strip():
            self.main_text.append(data.strip())


def _target(site_dir, domain, link):
    parts = urlsplit(link)
    if parts.scheme in ("mailto", "tel", "data") or (parts.scheme and parts.netloc != domain):
        return None
    if not parts.path.startswith("/"):
        return None if not parts.path else "relative"
    path = unquote(parts.path)
    candidate = site_dir / path.lstrip("/")
    return candidate / "index.html" if path.endswith("/") else candidate


def check_site(site_dir, domain, missing_strings, languages):
    """A list of problems (sentences) with one built site; empty means it may go live."""
    site_dir = Path(site_dir)
    problems, seen = [], {}
    for page in sorted(site_dir.rglob("*.html")):
        scan = _PageScan()
        scan.feed(page.read_text(encoding="utf-8"))
        relative = "/" + str(page.relative_to(site_dir))
        if not scan.main_text:
            problems.append(f"The page {relative} is empty: it has no text in its main content.")
        for link in set(scan.links):
            target = _target(site_dir, domain, link)
            if target is None:
                continue
            if target == "relative":
                problems.append(f"The page {relative} has a relative link {link!r}; links must start with /.")
                continue
            if target not in seen:
                seen[target] = target.is_file()
            if not seen[target]:
                problems.append(f"The page {relative} links to {link}, which does not exist.")
    for language in languages:
        missing = missing_strings.get(language) or []
        if missing:
            shown = "; ".join(repr(m) for m in missing[:5]) + (" ..." if len(missing) > 5 else "")
            problems.append(
                f"The {language} interface catalog lacks {len(missing)} translation(s): {shown}. "
                f"Translate them in themes/norrbotten/translations/{language}/LC_MESSAGES/messages.po."
            )
    return problems


