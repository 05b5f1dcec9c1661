"""How a listing app (housing, activities, jobs) exports its listings: its `export.LISTING`."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ListingExport:
    """A kind of listing on the sites: `key` names its list in a language's data; `rows(kommun)`
    gives the kommun's public listings (the declared columns only, read once for every language);
    `entry(listing, context)` exports one in the context's language (`cms.export.kommun.SiteContext`)."""

    key: str
    rows: Callable
    entry: Callable
