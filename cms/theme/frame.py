"""The filters with which base.html renders the parts of its frame shared by many pages once (frame.html).

Every page of a site in one language has the same footer, feeds and stylesheet, and one of a few versions
of the main menu; rendered again for each page they were a tenth of a build's templates' time. A macro reads
only its arguments and its module's globals (the language's catalog and formats, which the environment is
given per language, with these filters), so its HTML for the same arguments is the same: `once` keeps it.
Jinja has no memoisation of its own, so it is written here.
"""

#: Kept calls at most: a long-running process (the publishing worker's front door) must not hold every
#: build's sites; a kommun in one language needs a handful.
KEPT = 64
#: Arguments compared by value; anything else (the export's dicts and lists, never changed while pages
#: render) by identity, and kept with the result so that its id stays its own.
BY_VALUE = (str, int, bool, tuple, type(None))


def once():
    """A filter, `{{ frame.footer|once(site) }}`: the macro's HTML for these arguments, rendered the first time
    only. Make one per language (`cms.theme.i18n.formatters`): the macro modules are loaded per language."""
    made = {}

    def call(macro, *args):
        key = (macro, *(arg if type(arg) in BY_VALUE else id(arg) for arg in args))
        kept = made.get(key)
        if kept is None:
            if len(made) >= KEPT:
                made.clear()
            kept = made[key] = (macro(*args), args)
        return kept[0]

    return call


def current(nav, page_url):
    """The URLs of the main menu's items that `page_url` is in (a page under a section is in it too)."""
    return tuple(item["url"] for item in nav if page_url.startswith(item["url"]))
