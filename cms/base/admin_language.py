"""The admin in the editor's own admin language, down to the words Wagtail builds once.

Wagtail builds a snippet viewset's form classes once, when the admin's URLs load, under the
site's default language (Swedish here); its snippet chooser words its buttons ("Choose
experiment") in its constructor, so every editor then read them in Swedish. This chooser words
them when the form is drawn, in the language of the editor who is looking.
"""

from django.utils.functional import lazy
from django.utils.translation import gettext
from wagtail.snippets.widgets import AdminSnippetChooser


def _worded(message, name):
    return gettext(message) % {"object": name}


worded = lazy(_worded, str)


class EditorLanguageSnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser, its texts translated as it is rendered."""

    def __init__(self, model=None, **kwargs):
        super().__init__(model=model, **kwargs)
        name = self.model._meta.verbose_name
        # The same message ids as Wagtail's, so its own catalogs translate them.
        self.choose_one_text = kwargs.get("choose_one_text") or worded("Choose %(object)s", name)
        self.choose_another_text = kwargs.get("choose_another_text") or worded("Choose another %(object)s", name)
        self.link_to_chosen_text = kwargs.get("link_to_chosen_text") or worded("Edit this %(object)s", name)
