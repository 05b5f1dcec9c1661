"""A problem with content found while exporting it, said so an editor can act on it."""


class ContentProblem:
    """One problem with one piece of content: the record, the field, what is wrong, where to fix it."""

    def __init__(self, what, field, message, admin_url=""):
        self.what, self.field, self.message, self.admin_url = what, field, message, admin_url

    def __str__(self):
        where = f" Fix it at {self.admin_url}" if self.admin_url else ""
        return f"{self.what}: {self.field}: {self.message}.{where}"
