"""A variant as the build sees it: the exported page with the variant's changes applied.

Pure data in, data out: the build's exporter passes a `resolve` object that turns the
CMS's ids into what the static site uses (images into renditions, pages into URLs, body
blocks into exported blocks), so this module never touches the database.
"""

import copy

#: Changes that carry a language; the others (an image, the order of sections) hold in every language.
TEXT_CHANGES = ("headline", "call_to_action", "body")


def _items(value):
    """A ListBlock's raw items (newer Wagtail stores {"type": "item", "value": ...} per item)."""
    return [item["value"] if isinstance(item, dict) and "value" in item else item for item in value]


def text_keys(changes, language=None):
    """What a variant's text changes cover, e.g. {("headline",), ("call_to_action", "search-homes")},
    in one language or in any."""
    keys = set()
    for change in changes:
        kind, value = change["type"], change["value"]
        if kind in TEXT_CHANGES and (language is None or value.get("language") == language):
            keys.add((kind, value.get("name", "")) if kind == "call_to_action" else (kind,))
    return keys


def runs_in(variants_changes, language):
    """True when every variant's text changes are written in `language`."""
    return all(text_keys(changes) <= text_keys(changes, language) for changes in variants_changes)


def apply(entry, changes, language, resolve):
    """A copy of an exported page entry with a variant's changes applied in `language`."""
    entry = copy.deepcopy(entry)
    data = entry["data"]
    home = entry["type"] == "homepage"
    calls = {}
    for change in changes:
        kind, value = change["type"], change["value"]
        if value.get("language", language) != language:
            continue
        if kind == "headline":
            if home:
                data["hero_headline"] = value["headline"]
            else:
                entry["title"] = value["headline"]
            if value.get("intro"):
                data["hero_intro" if home else ("intro" if entry["type"] == "topicpage" else "summary")] = value[
                    "intro"
                ]
        elif kind == "image":
            data["hero_image" if home else "image"] = resolve.image(value["image"])
        elif kind == "call_to_action":
            calls[value["name"]] = {
                "text": value.get("text") or "",
                "href": resolve.page_url(value.get("page")) or value.get("url") or "",
            }
        elif kind == "sections" and home:
            by_kind = {}
            for section in data.get("sections", []):
                by_kind.setdefault(section["type"], []).append(section)
            data["sections"] = [s for k in dict.fromkeys(_items(value["sections"])) for s in by_kind.get(k, [])]
        elif kind == "body" and not home:
            data["body"] = [resolve.block(block) for block in value["body"]]
    for block in data.get("body", []):
        override = calls.get(block["value"].get("name")) if block["type"] == "call_to_action" else None
        if override:
            block["value"] = {
                **block["value"],
                "text": override["text"] or block["value"]["text"],
                "href": override["href"] or block["value"]["href"],
            }
    data["calls_to_action"] = calls
    return entry
