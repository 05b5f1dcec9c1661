"""A problem with content found while exporting it, said so an editor can act on it.

Most leave the object out of the site (`LeftOut`: the export's `left_out`, which the build's report
prints and the release's manifest and the publish worker's builds keep for the dashboard); the few
that make a site impossible (a language without its home page) refuse the kommun's build
(`ContentProblem`: the export's `problems`).
"""

from django.utils.translation import gettext, gettext_noop


class ContentProblem:
    """One problem with one piece of content: the record, the field, what is wrong, where to fix it."""

    def __init__(self, what, field, message, admin_url=""):
        self.what, self.field, self.message, self.admin_url = what, field, message, admin_url

    def __str__(self):
        where = f" Fix it at {self.admin_url}" if self.admin_url else ""
        return f"{self.what}: {self.field}: {self.message}.{where}"


class LeftOut:
    """Something the site leaves out until an editor fixes it: one of the sentences below, with the
    record's titles as parameters, so the dashboard can say it in the editor's admin language
    (`sentence`) while the build's report says it in English."""

    def __init__(self, sentence, admin_url, **params):
        self.sentence, self.admin_url, self.params = sentence, admin_url, params

    def __str__(self):
        where = f" Fix it at {self.admin_url}" if self.admin_url else ""
        return (self.sentence % self.params) + where

    def __eq__(self, other):
        return isinstance(other, LeftOut) and self.as_data() == other.as_data()

    def __hash__(self):
        return hash(str(self))

    def as_data(self):
        """The problem as the manifest keeps it: the English sentence, and what translates it."""
        return {"message": str(self), "admin_url": self.admin_url, "sentence": self.sentence, "params": self.params}


def in_language(data):
    """A left-out problem's sentence (`LeftOut.as_data`) in the active language, without its URL."""
    sentence = data.get("sentence")
    if not sentence:
        return data.get("message", "")
    return gettext(sentence) % data.get("params", {})


# The sentences, marked for the admin's catalogs (cms/locale); %(record)s is the page or listing the
# problem is on, as the build names it.
IMAGE_WITHOUT_ALT_TEXT = gettext_noop(
    'The image "%(image)s" has no alt text, so it was left out of %(record)s. Write its alt text or mark it decorative.'
)
IMAGE_DELETED = gettext_noop(
    "The image chosen as %(field)s in %(record)s no longer exists, so it was left out. Choose another image."
)
IMAGE_FILE_MISSING = gettext_noop(
    'The file of the image "%(image)s" is missing on disk, so the image was left out of the site. '
    "Upload the picture again."
)
IMAGE_FILE_CHANGED = gettext_noop(
    'The file of the image "%(image)s" has changed on disk since it was uploaded, so the image was left out '
    "of the site. Upload the picture again."
)
IMAGE_FILE_UNREADABLE = gettext_noop(
    'The file of the image "%(image)s" cannot be read as an image, so the image was left out of the site. '
    "Upload the picture again."
)
DOCUMENT_FILE_MISSING = gettext_noop(
    'The file of the document "%(document)s" is missing on disk, so the document was left out of the site '
    "and links to it show as plain text. Upload the file again."
)
LINK_TO_UNPUBLISHED_PAGE = gettext_noop(
    'A link in %(record)s to the page "%(target)s" was left out (its text is kept): that page is not published. '
    "Publish it or change the link."
)
LINK_TO_OTHER_KOMMUN = gettext_noop(
    'A link in %(record)s to the page "%(target)s" was left out (its text is kept): that page belongs to '
    "another kommun's site. Link to a page of this site instead."
)
LINK_TO_TYPED_PATH = gettext_noop(
    'A link in %(record)s to "%(target)s", an address typed by hand that is no page of this site, was left out '
    "(its text is kept). Choose the page as an internal link, or give a full web address."
)
LINK_TO_DELETED_PAGE = gettext_noop(
    "A link in %(record)s to a page that no longer exists was left out (its text is kept). Change the link."
)
LINK_TO_MISSING_DOCUMENT = gettext_noop(
    "A link in %(record)s to a document that no longer exists, or whose file is missing, was left out "
    "(its text is kept). Change the link or upload the document again."
)
PAGE_NOT_EXPORTABLE = gettext_noop(
    "The page %(record)s could not be read (%(error)s), so it and its subpages were left out of the site. "
    "Open it in the admin, correct it and publish it again."
)
