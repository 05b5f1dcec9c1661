"""Rich text as the static site shows it, through Wagtail's own rewriters.

Wagtail stores links to pages and documents as `<a linktype="page" id="3">`; its rewriters
turn them into HTML with the link handlers given. The CMS's handlers link to the CMS's URLs;
these link to the kommun's static site, and drop embedded images (the sites show images as
blocks, with alt text per language).

A link whose target the site does not publish (a page unpublished after the link was written,
another kommun's page, a deleted page or document, an address typed by hand that is no page of the
site) is left out: its text stays, as text, and the
export is told (`left_out`) so the editor hears of it, rather than a visitor following a dead link.
"""

import re
from urllib.parse import urlsplit

from django.utils.html import escape
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter

# Rewriters replace a link's opening tag only; a left-out link is marked so its closing tag goes too.
# Rich-text links never nest, so a left-out link ends at the next </a>.
LEFT_OUT = "<a data-left-out>"
LEFT_OUT_LINK = re.compile(re.escape(LEFT_OUT) + r"(.*?)</a>", re.S)


def target_id(attrs):
    """The id a stored link points at, or None when it has none (a link pasted broken)."""
    try:
        return int(attrs.get("id", ""))
    except ValueError:
        return None


class SiteLinkRewriter(LinkRewriter):
    """Wagtail's link rewriter, also naming a link to an address typed by hand without a scheme (Wagtail's
    link form accepts "/sv/boende/"): "path", which the site checks as it checks every link of its pages."""

    def get_tag_type_from_attrs(self, attrs):
        found = super().get_tag_type_from_attrs(attrs)
        href = attrs.get("href", "")
        if found is None and href and not urlsplit(href).scheme and not href.startswith("//"):
            return "path"
        return found


def static_rewriter(page_url, document_url, left_out, site_paths):
    """A rewriter for one site and language: `page_url(id)` and `document_url(id)` give the target's
    path on the site, or None when it is not published there; `left_out(linktype, id or path)` then hears
    of the link, which keeps its text and loses its <a>. A path typed by hand stays only when it is one of
    `site_paths()` (the site's pages in the language)."""

    def link(linktype, url_of):
        def rewrite(attrs):
            found = target_id(attrs)
            url = url_of(found) if found is not None else None
            if url:
                return f'<a href="{escape(url)}">'
            left_out(linktype, found)
            return LEFT_OUT

        return rewrite

    def path(attrs):
        if attrs["href"] in site_paths():
            return f'<a href="{escape(attrs["href"])}">'
        left_out("path", attrs["href"])
        return LEFT_OUT

    rules = {"page": link("page", page_url), "document": link("document", document_url), "path": path}
    rewriter = MultiRuleRewriter(
        [
            SiteLinkRewriter(rules=rules),
            EmbedRewriter(rules={}),  # every embed goes: images are blocks of their own on the sites
        ]
    )

    def rewrite(html):
        return LEFT_OUT_LINK.sub(r"\1", rewriter(html))

    return rewrite
