"""A problem with content found while exporting it, said so an editor can act on it.

Most leave the object out of the site (the export's `left_out`, which the build's report prints and
the release's manifest keeps for the dashboard); the few that make a site impossible (a language
without its home page) refuse the kommun's build (the export's `problems`).
"""


class ContentProblem:
    """One problem with one piece of content: the record, the field, what is wrong, where to fix it."""

    def __init__(self, what, field, message, admin_url=""):
        self.what, self.field, self.message, self.admin_url = what, field, message, admin_url

    def __str__(self):
        where = f" Fix it at {self.admin_url}" if self.admin_url else ""
        return f"{self.what}: {self.field}: {self.message}.{where}"

    def as_data(self):
        """The problem as the manifest keeps it: the sentence, and where the editor fixes it."""
        return {"what": self.what, "field": self.field, "message": str(self), "admin_url": self.admin_url}
