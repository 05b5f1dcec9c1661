"""The admin's usage views ("Used 3 times") as each kommun's editors read them.

Apart from `cms.base.scoped_admin` because the viewsets of `cms.base.permissions`, which models
import, use it too.
"""

from .visibility import visible_usage


class VisibleUsageOnly:
    """A usage view listing only the objects the user may see among those that use this one
    (`cms.base.visibility.visible_usage`)."""

    def get_queryset(self):
        return visible_usage(super().get_queryset(), self.request.user)
