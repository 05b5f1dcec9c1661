"""Build errors: each names the page or record, the field, and where an editor fixes it."""
from cms.base.exceptions import NorrbottenError


class BuildError(NorrbottenError):
    """A kommun's site could not be built; its previous live site stays."""


class PublishError(NorrbottenError):
    """Publishing failed; the live tree was not touched."""


class ContentProblem:
    """One problem with one piece of content, said so an editor can act on it."""

    def __init__(self, what, field, message, admin_url=""):
        self.what, self.field, self.message, self.admin_url = what, field, message, admin_url

    def __str__(self):
        where = f" Fix it at {self.admin_url}" if self.admin_url else ""
        return f"{self.what}: {self.field}: {self.message}.{where}"
