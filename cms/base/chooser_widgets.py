"""The chooser widgets of the edit forms, showing what they point at as the editor may see it.

A page field or page block of a Piteå page may point at a Boden page. Wagtail's widget names
the chosen page by its admin display title, which is its latest *draft* title, and offers a link
to edit it; an image, document or snippet chooser names its object by its admin title. Of another
kommun's object the editor sees what the public sees (`cms.base.visibility`): a published page by
its published title, and nothing at all of what is not public.

Wagtail builds a form's widgets once per form class and a StreamField's block widgets once per
block definition, so the widget cannot be told the user when it is made; it asks, as it renders,
for the user of the request being answered (`RequestUserMiddleware`). With no request (a form
rendered by code) it shows everything as to an outsider.

Every chooser of the project is one of these: the blocks below stand in for Wagtail's (their
migrations keep Wagtail's paths, `DECONSTRUCT_ALIASES`), `PageChooserPanel` for Wagtail's, the
foreign keys' widgets are registered in `wagtail_hooks`, and the snippets' in
`permissions.KommunScopedChooserViewSet`; tests/test_permissions_widgets.py walks every edit
form and block to keep it so.
"""

from contextvars import ContextVar

from django.contrib.auth.models import AnonymousUser
from django.templatetags.static import static
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import PageChooserPanel as WagtailPageChooserPanel
from wagtail.admin.widgets import AdminPageChooser
from wagtail.documents.blocks import DocumentChooserBlock as WagtailDocumentChooserBlock
from wagtail.documents.widgets import AdminDocumentChooser
from wagtail.images.blocks import ImageChooserBlock as WagtailImageChooserBlock
from wagtail.images.widgets import AdminImageChooser

from .admin_language import EditorLanguageSnippetChooser

_request = ContextVar("request_of_the_chooser_widgets", default=None)


class RequestUserMiddleware:
    """Remembers, while a request is answered, whose it is, for the widgets that cannot be told."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def current_user():
    """The user of the request being answered (`AnonymousUser` outside a request: an outsider)."""
    return getattr(_request.get(), "user", None) or AnonymousUser()


class PublicFacePageChooser(AdminPageChooser):
    """Wagtail's page chooser widget, naming another kommun's page as the public knows it:
    a published page by its published title (no edit link: the editor may not edit it), a page
    the public cannot see by no title at all."""

    def get_value_data_from_instance(self, instance):
        from .visibility import is_own_page, public_face, visible_to  # (the blocks are loaded with the models)

        user = current_user()
        if is_own_page(user, instance):
            return super().get_value_data_from_instance(instance)
        if visible_to(user, instance):
            data = super().get_value_data_from_instance(public_face(instance, user))
            data["edit_url"] = None
            return data
        return {
            "id": instance.pk,
            "edit_url": None,
            "parent_id": None,
            self.display_title_key: str(_("A page of another kommun that is not public")),
        }


class HiddenUnlessVisible:
    """An image, document or snippet chooser widget naming an object the user may not see
    (another kommun's, `visibility.visible_to`) by no title, no preview and no edit link."""

    hidden_title = _("An item of another kommun")

    def get_value_data_from_instance(self, instance):
        from .visibility import visible_to  # (the blocks are loaded with the models)

        if visible_to(current_user(), instance):
            return super().get_value_data_from_instance(instance)
        return {"id": instance.pk, "edit_url": None, self.display_title_key: str(self.hidden_title)}


class PublicFaceImageChooser(HiddenUnlessVisible, AdminImageChooser):
    """Wagtail's image chooser widget; an image of a collection the user may not use shows no preview."""

    hidden_title = _("An image of another kommun")

    def get_value_data_from_instance(self, instance):
        data = super().get_value_data_from_instance(instance)
        data.setdefault("preview", {"url": static("wagtailadmin/images/transparency.svg"), "width": 165, "height": 165})
        data.setdefault("default_alt_text", "")
        return data


class PublicFaceDocumentChooser(HiddenUnlessVisible, AdminDocumentChooser):
    """Wagtail's document chooser widget."""

    hidden_title = _("A document of another kommun")


class PublicFaceSnippetChooser(HiddenUnlessVisible, EditorLanguageSnippetChooser):
    """The snippet chooser widget (worded in the editor's language)."""


class PageChooserPanel(WagtailPageChooserPanel):
    """Wagtail's `PageChooserPanel`, with the widget above."""

    def get_form_options(self):
        options = super().get_form_options()
        options.setdefault("widgets", {})[self.field_name] = PublicFacePageChooser(
            target_models=self.page_type, can_choose_root=self.can_choose_root
        )
        return options


class PageChooserBlock(blocks.PageChooserBlock):
    """Wagtail's `PageChooserBlock`, with the widget above."""

    @cached_property
    def widget(self):
        return PublicFacePageChooser(target_models=self.target_models, can_choose_root=self.can_choose_root)


class ImageChooserBlock(WagtailImageChooserBlock):
    """Wagtail's `ImageChooserBlock`, with the widget above, refusing an image without alt text
    (`validators.validate_image_alt_text`), as the build would."""

    def clean(self, value):
        from .validators import validate_image_alt_text

        value = super().clean(value)
        validate_image_alt_text(value)
        return value

    @cached_property
    def widget(self):
        return PublicFaceImageChooser()


class DocumentChooserBlock(WagtailDocumentChooserBlock):
    """Wagtail's `DocumentChooserBlock`, with the widget above."""

    @cached_property
    def widget(self):
        return PublicFaceDocumentChooser()


#: The blocks differ from Wagtail's in the admin only: migrations name Wagtail's.
DECONSTRUCT_ALIASES = {
    PageChooserBlock: "wagtail.blocks.PageChooserBlock",
    ImageChooserBlock: "wagtail.images.blocks.ImageChooserBlock",
    DocumentChooserBlock: "wagtail.documents.blocks.DocumentChooserBlock",
}
