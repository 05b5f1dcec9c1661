"""The full-text index over SearchText.terms, in the database's own engine.

SQLite: an FTS5 table kept in step by triggers (the pattern SQLite documents for
"external content" tables), with prefix indexes so a half-typed word is cheap to match. PostgreSQL: a GIN index on the 'simple' text vector;
the terms are stemmed before they are stored, so no language configuration is needed.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE listing_search_fts USING fts5(terms, content='listing_search_searchtext', "
    "content_rowid='document_id', tokenize='unicode61 remove_diacritics 0', prefix='2 3 4 5')",
    "CREATE TRIGGER listing_search_fts_insert AFTER INSERT ON listing_search_searchtext BEGIN "
    "INSERT INTO listing_search_fts(rowid, terms) VALUES (new.document_id, new.terms); END",
    "CREATE TRIGGER listing_search_fts_delete AFTER DELETE ON listing_search_searchtext BEGIN "
    "INSERT INTO listing_search_fts(listing_search_fts, rowid, terms) VALUES ('delete', old.document_id, old.terms); END",
    "CREATE TRIGGER listing_search_fts_update AFTER UPDATE ON listing_search_searchtext BEGIN "
    "INSERT INTO listing_search_fts(listing_search_fts, rowid, terms) VALUES ('delete', old.document_id, old.terms); "
    "INSERT INTO listing_search_fts(rowid, terms) VALUES (new.document_id, new.terms); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS listing_search_fts_update",
    "DROP TRIGGER IF EXISTS listing_search_fts_delete",
    "DROP TRIGGER IF EXISTS listing_search_fts_insert",
    "DROP TABLE IF EXISTS listing_search_fts",
]
POSTGRESQL = [
    "CREATE INDEX listing_search_terms_fts ON listing_search_searchtext USING GIN (to_tsvector('simple', terms))"
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS listing_search_terms_fts"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("listing_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
