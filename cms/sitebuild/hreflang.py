"""Which language versions a page advertises to search engines, and which URL is canonical.

A page or listing not yet translated is still published under every language the site
claims, shown in its text's real language with a notice, so a visitor who chose German
can read it. It is not a German page, though, and a search engine must not send a German
reader there as if it were: only versions whose text is in their own language are
advertised (`hreflang`, reciprocally among themselves, and the sitemap).

A fallback version's canonical URL is the version in its text's own language. To a search
engine, pages that differ only in their translated template are duplicates (Google, "Unifying
content under multilingual templates"), and rel=canonical is how a site says which duplicate
counts (Google, "Consolidate duplicate URLs"): their links then count for the real page, the one
shown in results. Not `noindex`: Google advises against combining it with a canonical, and it
would drop the duplicates' links instead of consolidating them.
"""

from collections import defaultdict

LISTING_KINDS = ("housing", "activities", "jobs")


def versions(site):
    """{(kind, id): {language: (url, text language)}} of every page and listing, in the site's language order."""
    found = defaultdict(dict)
    for language in site["languages"]:
        data = site["languages_data"][language]
        for page in data["pages"]:
            found[("page", page["key"])][language] = (page["url"], page["text_language"])
        for kind in LISTING_KINDS:
            for item in data[kind]:
                found[(kind, item["id"])][language] = (item["url"], item["text_language"])
    return found


def advertised(item_versions, language):
    """(canonical URL, {language: URL} to advertise) for one item's version in `language`.

    A version in its own language is its own canonical and lists every such version; a
    fallback lists none and names the version in its text's language as canonical (or,
    where the site does not publish that language, the first version showing that text)."""
    url, text_language = item_versions[language]
    real = {code: href for code, (href, shown) in item_versions.items() if shown == code}
    if language in real:
        return url, real
    canonical = real.get(text_language) or next(
        href for href, shown in item_versions.values() if shown == text_language
    )
    return canonical, {}
