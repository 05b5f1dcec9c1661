"""Template tags of the kommun-scoped admin views (`cms.base.scoped_admin`)."""

from django import template
from django.urls import reverse
from wagtail.models import Page
from wagtail.permissions import policy_registry

from cms.base.visibility import public_face, visible_pages_q

register = template.Library()


@register.inclusion_tag("wagtailadmin/shared/breadcrumbs.html", takes_context=True)
def visible_page_breadcrumbs(context, page, url_name, include_self=True, is_expanded=False, querystring_value=""):
    """Wagtail's `page_breadcrumbs` for the page chooser, leaving out the ancestors the user may not see
    (a public page can sit under another kommun's draft) and naming the others by their public face."""
    user = context["request"].user
    root = policy_registry.get_by_type(Page).explorable_root_instance(user)
    ancestors = (
        page.get_ancestors(inclusive=include_self).descendant_of(root, inclusive=True).filter(visible_pages_q(user))
        if root
        else Page.objects.none()
    )
    items = [
        {
            "url": reverse(url_name, args=(ancestor.id,)) + querystring_value,
            "label": public_face(ancestor, user).get_admin_display_title(),
        }
        for ancestor in ancestors.specific(defer=True)
    ]
    return {"items": items, "is_expanded": is_expanded or len(items) == 1, "classname": None, "icon_name": None}
