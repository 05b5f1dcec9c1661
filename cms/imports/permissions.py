"""Who may see which import runs: a kommun's editors their own kommun's and the region-wide ones.

Runs are written by the imports alone, so the policy refuses adding, changing and
deleting to everyone (superusers included); seeing needs the model's view permission,
which `sync_kommuner` gives every kommun's editors and the region editors.
"""

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from cms.base.permissions import user_kommun_ids

READ_ONLY_ACTIONS = {"view"}


class ImportRunPermissionPolicy(ModelPermissionPolicy):
    """View permission from the user's groups, narrowed to the user's kommuner and the region-wide runs."""

    def user_has_permission(self, user, action):
        return action in READ_ONLY_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and may_see(user, instance.kommun_id)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and may_see(user, instance.kommun_id)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return visible_runs(self.model._default_manager.all(), user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


def may_see(user, kommun_id):
    """Whether this user may see a run of this kommun (None: a region-wide run)."""
    return user.is_superuser or kommun_id is None or kommun_id in user_kommun_ids(user)


def visible_runs(queryset, user):
    """The runs of `queryset` this user may see."""
    if user.is_superuser:
        return queryset
    return queryset.filter(Q(kommun__isnull=True) | Q(kommun_id__in=user_kommun_ids(user)))
