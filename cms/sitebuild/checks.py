"""Checks a built site must pass before it may go live, run on the pages as they are rendered.

Every internal link and asset resolves, no page is empty, every inline script and style is
one the Content-Security-Policy allows, and every language the site claims has its interface
strings translated.

The pages are looked at in memory, as Pelican's writer writes them (`CheckedWriter` in
cms.sitebuild.writer, a plugin on Pelican's `get_writer` signal), so no written file is read
back. A page reused from the live release is not looked at again: it was checked when it was
written, and its inputs (its fingerprint) have not changed since. Only the links wait until the
whole site is rendered, since a page may link to one rendered after it.
"""

import os
import re
from urllib.parse import unquote, urlsplit

from cms.base import csp

# The pages checked are our own templates' output (and vnu-valid in the tests), so a
# scan by regular expression is enough: 0.17 s for a demo site against 1.3 s with html.parser.
LINK = re.compile(r'\s(href|src|srcset|poster)="([^"]*)"')
MAIN_START = re.compile(r"<main\b[^>]*>")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S)
TEXT_AFTER_TAG = re.compile(r">\s*[^<\s]")  # a tag's end, then a character that is neither space nor a tag
INLINE_START = re.compile(r"<(script|style)(\s[^>]*)?>")
DATA_BLOCK = re.compile(r'\s(src|type)="')  # a script with a src is not inline; one with a type is data (JSON)
# What no hash can allow: style attributes, event handler attributes and javascript: links.
BLOCKED_ATTRIBUTE = re.compile(r'<[a-zA-Z][^>]*?\s(style|on[a-z]+)="|\s(?:href|action|src)="(javascript):', re.I)
# The same, read backwards: every match of BLOCKED_ATTRIBUTE holds one of these in the reversed page. Reversed, they start
# with rare literals (`"=`, `:`) that the regex engine scans for fast, where the forward pattern tries every space of the
# page: a fifth of a large build's checking time, on pages that almost never have a match.
MAYBE_BLOCKED_REVERSED = (re.compile(r'"=(?:elyts|[a-z]+no)\s', re.I), re.compile(r":tpircsavaj", re.I))
UNSEEN = object()  # a link not looked at yet (its target None: not ours to check)


def _links(html):
    links = []
    for attribute, value in LINK.findall(html):
        if attribute == "srcset":
            links += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
        elif value:
            links.append(value.replace("&amp;", "&") if "&" in value else value)
    return links


def _element_bodies(html, start, end_tag):
    """(the match of `start`, the text up to the first `end_tag` after it: a format string of the match's
    groups) of each element, as a lazy
    `start(.*?)end` would find them: str.find runs to the end tag at C speed, where a lazy regex tries to
    match it at every character (a page's inline stylesheet is most of its bytes)."""
    found, position = [], 0
    while (opening := start.search(html, position)) is not None:
        closing = end_tag.format(*opening.groups())
        end = html.find(closing, opening.end())
        if end < 0:  # unclosed: a later opening may still be closed
            position = opening.start() + 1
            continue
        found.append((opening, html[opening.end() : end]))
        position = end + len(closing)
    return found


def _has_main_text(html):
    """Whether the page's <main> shows any text outside its tags, scripts and stylesheets."""
    main = _element_bodies(html, MAIN_START, "</main>")[:1]
    if not main:
        return False
    body = SCRIPT_OR_STYLE.sub("", main[0][1])
    # Text before the first tag, or after any tag: found by search, not by making the page's text without its tags.
    first_tag = body.find("<")
    before_tags = body if first_tag < 0 else body[:first_tag]
    return bool(before_tags.strip()) or TEXT_AFTER_TAG.search(body) is not None


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
    """The inline scripts and stylesheets of a page a browser would run or apply: (tag, content, where it starts)."""
    return [
        (opening.group(1), body, opening.end())
        for opening, body in _element_bodies(html, INLINE_START, "</{0}>")
        if opening.group(1) == "style" or not DATA_BLOCK.search(opening.group(2) or "")
    ]


def _blocked_attributes(html):
    """BLOCKED_ATTRIBUTE's matches in `html`, looked for only where a reversed scan finds a candidate."""
    backwards = html[::-1]
    if not any(pattern.search(backwards) for pattern in MAYBE_BLOCKED_REVERSED):
        return []
    return list(BLOCKED_ATTRIBUTE.finditer(html))


class SiteFiles:
    """The files of a built site, relative to its root, as `RenderedPages.problems` asks for them: each link's
    target is looked up on disk when asked. After an edit only the few pages rendered again are checked, so a
    few hundred look-ups replace listing the site's 2,000 files in 1,900 folders (6% of an edit's publish by
    cProfile, 21,000-page scale); a full build asks about each distinct link once, about as many look-ups as
    the listing had files.

    A name is in the site exactly as a listing would give it: a file (not a folder) under the root, named
    without `.`, `..` or doubled slashes."""

    def __init__(self, site_dir):
        self.site_dir = site_dir
        self.known = {}  # name -> whether it is a file of the site: links that differ in their query ask once

    def __contains__(self, name):
        if name not in self.known:
            self.known[name] = bool(name) and self._is_site_file(name)
        return self.known[name]

    def _is_site_file(self, name):
        if os.path.isabs(name) or os.path.normpath(name) != name or name.startswith(".."):
            return False
        return os.path.isfile(os.path.join(self.site_dir, name))


class RenderedPages:
    """What the checks need from each page of one site, taken as it is rendered.

    A page's own problems (empty, inline code the policy blocks) are named at once; its links
    are kept, by link, until every file of the site exists (`problems`). Most links (menus,
    language links, styles) repeat on every page, so each is resolved once.
    """

    def __init__(self, domain):
        self.domain = domain
        self.allowed = csp.policy()
        self.page_problems = {}  # page -> its sentences
        self.linked_from = {}  # link -> the pages that have it
        self.targets = {}  # link -> the file it needs (None: not ours; "relative")
        self.inline_allowed = {}  # inline code -> whether the policy allows it: the stylesheet is on every page

    def add(self, path, html):
        """Look at one rendered page, `path` relative to the site's root (en/about/index.html)."""
        page = "/" + path
        problems = []
        # The main text, the attributes and the links are looked for in the page without the inline code the policy
        # allows: that code is cms/base/csp.py's own, the same on every page, and the site's stylesheet is most of a
        # page's bytes (scanning it was most of the checks' time). The main text is found the same without it: the
        # scripts and stylesheets in <main> are no text.
        outside_allowed, position = [], 0
        for tag, body, start in _inline_code(html):
            allowed = self.inline_allowed.get(body)
            if allowed is None:
                allowed = self.inline_allowed[body] = csp.source_hash(body) in self.allowed
            if allowed:
                outside_allowed.append(html[position:start])
                position = start + len(body)
            else:
                problems.append(
                    f"The page {page} has an inline <{tag}> the Content-Security-Policy does not allow: "
                    f"inline code must be made by cms/base/csp.py, which the policy hashes."
                )
        html = "".join([*outside_allowed, html[position:]])
        if not _has_main_text(html):
            problems.insert(0, f"The page {page} is empty: it has no text in its main content.")
        for match in _blocked_attributes(html):
            what = f"the attribute {match.group(1)}=" if match.group(1) else "a javascript: link"
            problems.append(
                f"The page {page} has {what}, which the Content-Security-Policy blocks: "
                f"use a class and the stylesheet, or a script file."
            )
        # A hundred links a page, nearly all seen on pages before: looked up once each, in local names.
        targets, linked_from = self.targets, self.linked_from
        for link in set(_links(html)):
            target = targets.get(link, UNSEEN)
            if target is UNSEEN:
                target = targets[link] = _target(self.domain, link)
            if target is None:
                continue
            if target == "relative":
                problems.append(f"The page {page} has a relative link {link!r}; links must start with /.")
            elif (pages := linked_from.get(link)) is not None:
                pages.append(page)
            else:
                linked_from[link] = [page]
        if problems:
            self.page_problems[page] = problems

    def problems(self, files):
        """Every problem of the pages seen, by page: `files` holds the site's files once all are written (a set, or
        `SiteFiles`)."""
        by_page = {page: list(problems) for page, problems in self.page_problems.items()}
        for link, pages in self.linked_from.items():
            if self.targets[link] not in files:
                for page in pages:
                    by_page.setdefault(page, []).append(f"The page {page} links to {link}, which does not exist.")
        return [problem for page in sorted(by_page) for problem in by_page[page]]


def catalog_problems(missing_strings, languages):
    """A sentence per language whose interface catalog lacks translations the templates use."""
    problems = []
    for language in languages:
        missing = missing_strings.get(language) or []
        if missing:
            shown = "; ".join(repr(m) for m in missing[:5]) + (" ..." if len(missing) > 5 else "")
            problems.append(
                f"The {language} interface catalog lacks {len(missing)} translation(s): {shown}. "
                f"Translate them in themes/norrbotten/translations/{language}/LC_MESSAGES/messages.po."
            )
    return problems
