"""A canonical dump of the CMS database: what the demo load must leave, however it gets there.

    .venv/bin/python -m tests.demo_dump OUT.json         dump the database DATABASE_URL names
    .venv/bin/python -m tests.demo_dump --compare A B    list what differs between two dumps

Every table of every installed app, row by row, with what changes from one run to the next
taken out: timestamps the database sets itself, the uuids Wagtail draws (translation keys,
StreamField block ids; numbered in order of appearance instead), password hashes (whether
"demo" opens the account instead), the ids of rows nothing refers to (log entries, index rows;
sorted instead) and the admin search's title weight (see VOLATILE). Everything an editor or a
visitor can see is kept: pages and their content, aliases and translations, every revision's
content, listings, images, groups and permissions, the search indexes, the reference index,
the history.
"""

import hashlib
import json
import re
import sys
import uuid
from datetime import date, datetime, time
from decimal import Decimal

#: Tables that say nothing about the content (or that no load writes); the search index's
#: version is a fresh random value at every write to it.
SKIPPED = {
    "django_session",
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "django_admin_log",
    "django_cache",
    "wagtailadmin_editingsession",
    "listing_search_searchindexstate",
}
#: Fields the database or the clock fills in (when, not what; a queued build's and its task's too); the hash of a reference's path
#: (its StreamField block ids are drawn at random); and the admin search's title weight, which
#: Wagtail's SQLite backend sets from the average title indexed so far, so it depends on the order
#: objects were indexed in (its `update_index` recomputes it for all).
VOLATILE = {
    "created_at",
    "updated_at",
    "timestamp",
    "latest_revision_created_at",
    "last_published_at",
    "first_published_at",
    "last_login",
    "date_joined",
    "created",
    "modified",
    "last_indexed",
    "locked_at",
    "submitted_at",
    "content_path_hash",
    "title_norm",
    "saved_at",
    "queued_at",
    "enqueued_at",
    "run_after",
    "last_publish_at",
}
#: Tables whose ids say only in which order rows were written: compared as sorted rows without them.
UNORDERED = {
    "wagtailcore_pagelogentry",
    "wagtailcore_modellogentry",
    "wagtailcore_referenceindex",
    "wagtailsearch_indexentry",
    "wagtailsearch_indexentry_fts",
    "listing_search_searchterm",
    "listing_search_searchdocument",
    "listing_search_searchtext",
}
#: References to such ids, replaced by what the row they point to is about.
REFERENCES = {
    ("listing_search_searchtext", "document_id"): (
        "listing_search_searchdocument",
        ("doc_type", "object_id", "language"),
    ),
    ("wagtailsearch_indexentry_fts", "index_entry_id"): ("wagtailsearch_indexentry", ("content_type_id", "object_id")),
}
UUID_TEXT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
#: The suffix Django's storage draws at random when a file's name is taken (the demo's clips share names).
STORAGE_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}(?=\.[A-Za-z0-9]+$)")
BLOCK_ID_IN_PATH = re.compile(r"\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\.|$)")


class Canon:
    """Numbers uuids in the order they are first met, so two loads compare equal."""

    def __init__(self):
        self.uuids = {}

    def uuid(self, value):
        return f"uuid#{self.uuids.setdefault(str(value), len(self.uuids))}"

    def value(self, value):
        if hasattr(value, "get_prep_value"):  # a StreamField's value: its stored JSON, never rendered
            return self.json(value.get_prep_value())
        if isinstance(value, uuid.UUID):
            return self.uuid(value)
        if isinstance(value, (datetime, date, time)):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, (bytes, memoryview)):
            return hashlib.sha256(bytes(value)).hexdigest()
        if isinstance(value, str):
            if UUID_TEXT.match(value):
                return self.uuid(value)
            if BLOCK_ID_IN_PATH.search(value):  # a reference's path through StreamField blocks
                return BLOCK_ID_IN_PATH.sub(".block-id", value)
            if value[:1] in "[{":
                try:
                    return self.json(json.loads(value))
                except ValueError:
                    return value
            return value
        if isinstance(value, (dict, list)):
            return self.json(value)
        return value

    def json(self, data):
        if isinstance(data, dict):
            return {
                key: self.json(item) if key != "id" or not _is_uuid(item) else "block-id"
                for key, item in data.items()
                if key not in VOLATILE
            }
        if isinstance(data, list):
            return [self.json(item) for item in data]
        return self.value(data)


def _is_uuid(value):
    return isinstance(value, str) and bool(UUID_TEXT.match(value))


def canonical_dump():
    """{table: [row, ...]} for every table of every installed model, canonicalised (see the module)."""
    from django.apps import apps
    from django.contrib.auth.hashers import check_password
    from django.db.models import FileField

    canon = Canon()
    dump, ids = {}, {}
    models = sorted(
        (m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy), key=lambda m: m._meta.db_table
    )
    for model in models:
        table = model._meta.db_table
        if table in SKIPPED:
            continue
        fields = [f for f in model._meta.concrete_fields if f.attname not in VOLATILE]
        rows = []
        for values in model._default_manager.order_by("pk").values_list(*[f.attname for f in fields]):
            row = {}
            for field, value in zip(fields, values, strict=True):
                if field.attname == "password":
                    row[field.attname] = check_password("demo", value)
                elif isinstance(field, FileField):
                    row[field.attname] = STORAGE_SUFFIX.sub("", value)
                else:
                    row[field.attname] = canon.value(value)
            rows.append(row)
        if rows:
            dump[table] = rows
            ids[table] = model._meta.pk.attname
    for (table, column), (target, key) in REFERENCES.items():
        about = {row[ids[target]]: [row[k] for k in key] for row in dump.get(target, [])}
        for row in dump.get(table, []):
            row[column] = about.get(row[column])
    for table in UNORDERED & set(dump):
        rows = [{k: v for k, v in row.items() if k != ids[table] or (table, k) in REFERENCES} for row in dump[table]]
        dump[table] = sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, default=str))
    return dump


def differences(reference, current, limit=5):
    """Sentences naming each table that differs, with its first differing rows."""
    lines = []
    for table in sorted(set(reference) | set(current)):
        old, new = reference.get(table, []), current.get(table, [])
        if old == new:
            continue
        if not (isinstance(old, list) and old and isinstance(old[0], dict)):
            lines.append(f"{table}: {old} before, {new} now.")
            continue
        lines.append(f"{table}: {len(old)} rows before, {len(new)} now.")
        shown = 0
        for before, after in zip(old, new, strict=False):
            if before != after and shown < limit:
                keys = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
                lines.append(
                    f"  row {before.get('id', '?')}: "
                    + "; ".join(f"{k}: {str(before.get(k))[:200]!r} -> {str(after.get(k))[:200]!r}" for k in keys)
                )
                shown += 1
    return lines


def main(argv):
    if argv[:1] == ["--compare"]:
        reference, current = (json.loads(open(path).read()) for path in argv[1:3])
        lines = differences(reference, current)
        print(
            "\n".join(lines)
            or f"Identical: {sum(len(rows) for rows in current.values())} rows in {len(current)} tables."
        )
        return 1 if lines else 0
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    django.setup()
    with open(argv[0], "w") as out:
        json.dump(canonical_dump(), out, sort_keys=True, indent=0, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
