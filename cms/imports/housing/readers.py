"""A feed's bytes as records keyed by our field names, each knowing where it stands in the file.

CSV is read with Python's `csv` module (a header row names the columns) and JSON with
`json`; the feed's `fields` table says which of their columns or keys holds which of our
fields. A file that cannot be read as a whole (bad encoding, bad JSON, a CSV without
the required columns) is a `FeedError`; a record that is wrong on its own is kept with
its problem, so the import can report it and go on.
"""

import csv
import io
import json
from dataclasses import dataclass

from ..report import FeedError
from .schema import FIELDS


@dataclass
class RawRecord:
    """One home as the feed wrote it: raw values under our field names, and its place for messages."""

    where: str  # "Line 4" (CSV, the physical line it starts on) or "Record 3" (JSON, counted from 1)
    values: dict
    problem: str = ""  # set when the record cannot be read at all (a JSON value that is not an object, ...)


def column_of(feed, name):
    """Their column or key for one of our fields (our own name when the feed maps nothing)."""
    return feed.fields.get(name, name)


def read_records(feed, data, name):
    """Every record of a feed's bytes; `name` is how messages call the file."""
    try:
        text = data.decode(feed.encoding)
    except UnicodeDecodeError as exc:
        raise FeedError(
            f"{name} is not written in {feed.encoding} ({exc.reason} at byte {exc.start}); set encoding "
            f"in the feed's configuration; nothing was changed."
        ) from exc
    return _csv_records(feed, text, name) if feed.format == "csv" else _json_records(feed, text, name)


def _csv_records(feed, text, name):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=feed.delimiter)
    records, header, ended = [], None, 0
    try:
        for row in reader:
            # The record starts on the line after the previous one ended; blank lines are rows of their own.
            start, ended = ended + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip() for cell in row]
                index = _csv_columns(feed, header, name)
                continue
            if len(row) != len(header):
                records.append(
                    RawRecord(
                        f"Line {start}",
                        {},
                        f"it has {len(row)} cells where the header has "
                        f"{len(header)} (a {feed.delimiter!r} inside a value without quotes?)",
                    )
                )
                continue
            records.append(RawRecord(f"Line {start}", {field: row[i] for field, i in index.items()}))
    except csv.Error as exc:
        raise FeedError(f"{name} is not valid CSV at line {reader.line_num}: {exc}; nothing was changed.") from exc
    if header is None:
        raise FeedError(f"{name} is empty: it has not even a header row; nothing was changed.")
    return records


def _csv_columns(feed, header, name):
    """Our field -> the index of its column; a FeedError when a required column is missing."""
    positions = {}
    for position, column in enumerate(header):
        positions.setdefault(column, position)
    missing = [
        f"{field.name} ({column_of(feed, field.name)!r})"
        for field in FIELDS.values()
        if field.required and field.name not in feed.defaults and column_of(feed, field.name) not in positions
    ]
    if missing:
        raise FeedError(
            f"{name} has no column for {', '.join(missing)} (its columns are "
            f"{', '.join(map(repr, header))}); nothing was changed."
        )
    return {field: positions[column_of(feed, field)] for field in FIELDS if column_of(feed, field) in positions}


def _json_records(feed, text, name):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedError(f"{name} is not valid JSON: {exc}; nothing was changed.") from exc
    if feed.records:
        data = _dig(data, feed.records)
        if not isinstance(data, list):
            raise FeedError(f"{name} has no list of homes under {feed.records!r}; nothing was changed.")
    elif not isinstance(data, list):
        raise FeedError(
            f"{name} is not a list of homes (set records to the key of the list in the feed's "
            f"configuration if the list is inside an object); nothing was changed."
        )
    records = []
    for position, item in enumerate(data, 1):
        if not isinstance(item, dict):
            records.append(RawRecord(f"Record {position}", {}, "it is not an object of fields"))
            continue
        values = {}
        for field in FIELDS:
            value = _dig(item, column_of(feed, field))
            if value is not _MISSING:
                values[field] = value
        records.append(RawRecord(f"Record {position}", values))
    return records


_MISSING = object()


def _dig(data, key):
    """A key of a JSON object; dots reach into nested objects unless the key itself has the dots."""
    if isinstance(data, dict) and key in data:
        return data[key]
    for part in key.split("."):
        if not isinstance(data, dict) or part not in data:
            return _MISSING
        data = data[part]
    return data
