"""Checks a built site must pass before it may go live.

Every internal link and asset resolves, no page is empty, every inline script and style is
one the Content-Security-Policy allows, and every language the site claims has its interface
strings translated.
"""

import os
import re
from urllib.parse import unquote, urlsplit

from cms.base import csp

# The pages checked are our own templates' output (and vnu-valid in the tests), so a
# scan by regular expression is enough: 0.17 s for a demo site against 1.3 s with html.parser.
LINK = re.compile(r'\s(href|src|srcset|poster)="([^"]*)"')
MAIN = re.compile(r"<main\b[^>]*>(.*?)</main>", re.S)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]+>")
INLINE_CODE = re.compile(r"<(script|style)(\s[^>]*)?>(.*?)</\1>", re.S)
DATA_BLOCK = re.compile(r'\s(src|type)="')  # a script with a src is not inline; one with a type is data (JSON)
# What no hash can allow: style attributes, event handler attributes and javascript: links.
BLOCKED_ATTRIBUTE = re.compile(r'<[a-zA-Z][^>]*?\s(style|on[a-z]+)="|\s(?:href|action|src)="(javascript):', re.I)


def _links(html):
    links = []
    for attribute, value in LINK.findall(html):
        if attribute == "srcset":
            links += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
        elif value:
            links.append(value.replace("&amp;", "&"))
    return links


def _main_text(html):
    main = MAIN.search(html)
    return TAG.sub("", SCRIPT_OR_STYLE.sub("", main.group(1))).strip() if main else ""


def _target(domain, link):
    """The site-relative file a link needs, None when it is not ours to check, or "relative"."""
    parts = urlsplit(link)
    if parts.scheme in ("mailto", "tel", "data") or (parts.scheme and parts.netloc != domain):
        return None
    if not parts.path.startswith("/"):
        return None if not parts.path else "relative"
    path = unquote(parts.path).lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def _inline_code(html):
    """The inline scripts and stylesheets of a page a browser would run or apply: (tag, content)."""
    return [
        (tag, body)
        for tag, attributes, body in INLINE_CODE.findall(html)
        if tag == "style" or not DATA_BLOCK.search(attributes or "")
    ]


def _site_files(site_dir):
    files = set()
    for folder, _dirs, names in os.walk(site_dir):
        prefix = os.path.relpath(folder, site_dir)
        prefix = "" if prefix == "." else prefix + "/"
        files.update(prefix + name for name in names)
    return files


def check_site(site_dir, domain, missing_strings, languages):
    """A list of problems (sentences) with one built site; empty means it may go live."""
    site_dir = str(site_dir)
    files = _site_files(site_dir)
    problems, targets = [], {}  # most links (menus, language links, styles) repeat on every page
    allowed = csp.policy()
    for relative in sorted(f for f in files if f.endswith(".html")):
        with open(os.path.join(site_dir, relative), encoding="utf-8") as handle:
            html = handle.read()
        relative = "/" + relative
        if not _main_text(html):
            problems.append(f"The page {relative} is empty: it has no text in its main content.")
        for tag, body in _inline_code(html):
            if csp.source_hash(body) not in allowed:
                problems.append(
                    f"The page {relative} has an inline <{tag}> the Content-Security-Policy does not allow: "
                    f"inline code must be made by cms/base/csp.py, which the policy hashes."
                )
        for match in BLOCKED_ATTRIBUTE.finditer(html):
            what = f"the attribute {match.group(1)}=" if match.group(1) else "a javascript: link"
            problems.append(
                f"The page {relative} has {what}, which the Content-Security-Policy blocks: "
                f"use a class and the stylesheet, or a script file."
            )
        for link in set(_links(html)):
            if link not in targets:
                targets[link] = _target(domain, link)
            target = targets[link]
            if target is None:
                continue
            if target == "relative":
                problems.append(f"The page {relative} has a relative link {link!r}; links must start with /.")
            elif target not in files:
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
