"""Rich text as the static site shows it, through Wagtail's own rewriters.

Wagtail stores links to pages and documents as `<a linktype="page" id="3">`; its rewriters
turn them into HTML with the link handlers given. The CMS's handlers link to the CMS's URLs;
these link to the kommun's static site, and drop embedded images (the sites show images as
blocks, with alt text per language).
"""

from django.utils.html import escape
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter


def static_rewriter(page_url, document_url):
    """A rewriter for one site and language: `page_url(id)` and `document_url(id)` give the
    target's path on the site, or None when it is not published there (the link then goes nowhere)."""

    def page_link(attrs):
        return f'<a href="{escape(page_url(int(attrs["id"])) or "#")}">'

    def document_link(attrs):
        return f'<a href="{escape(document_url(int(attrs["id"])) or "#")}">'

    return MultiRuleRewriter(
        [
            LinkRewriter(rules={"page": page_link, "document": document_link}),
            EmbedRewriter(rules={}),  # every embed goes: images are blocks of their own on the sites
        ]
    )
