"""Which feed configuration a run uses: one of the kommun's `[[housing_feeds]]`, or the canonical schema."""

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.utils.text import slugify

from cms.base.exceptions import ConfigurationError
from cms.base.site_config import HousingFeed

from ..sources import is_url


def choose_feed(config, name=None, location=None):
    """The feed called `name`, else the kommun's only feed, else the canonical schema for `location`.

    A feed in the canonical schema takes its name from the file's (`bostader.json` is
    `feed:<kommun>:bostader`) and its format from the file's extension."""
    feeds = {feed.name: feed for feed in config.housing_feeds}
    where = f"sites/{config.slug}.toml"
    if name is not None:
        if name not in feeds:
            known = f"its feeds are {', '.join(feeds)}" if feeds else "it has none"
            raise ConfigurationError(f"{where} has no housing feed called {name!r}; {known}.")
        return feeds[name]
    if len(feeds) == 1:
        return next(iter(feeds.values()))
    if feeds:
        raise ConfigurationError(
            f"{where} has {len(feeds)} housing feeds ({', '.join(feeds)}); choose one with --feed."
        )
    if location is None:
        raise ConfigurationError(
            f"{where} configures no housing feed; give the feed's file or URL, which is then "
            f"read in the canonical schema of cms/imports/FEEDS.md."
        )
    path = PurePosixPath(urlsplit(str(location)).path if is_url(location) else str(location))
    if path.suffix.lower() not in (".csv", ".json"):
        raise ConfigurationError(
            f"Cannot tell whether {location} is CSV or JSON: a feed in the canonical schema "
            f"needs a name ending in .csv or .json (or configure it in {where})."
        )
    source = {"url": str(location)} if is_url(location) else {"path": str(location)}
    return HousingFeed(name=slugify(path.stem) or "feed", format=path.suffix.lower()[1:], **source)
