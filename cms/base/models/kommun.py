from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, Site


class KommunQuerySet(models.QuerySet):
    def for_user(self, user):
        """The kommuner whose content this user may manage."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(editors_group__in=user.groups.all())


class Kommun(models.Model):
    """One of Norrbotten's 14 kommuner: the anchor that scopes content and editors.

    The kommun's configuration (languages, brand, coordinator) lives in
    `sites/<slug>.toml`; this row ties that configuration to the Wagtail site, the
    editors group and the image/document collection that `sync_kommuner` creates.
    """

    slug = models.SlugField(unique=True, max_length=40)
    name = models.CharField(max_length=80)
    site = models.OneToOneField(Site, on_delete=models.PROTECT, related_name="kommun")
    editors_group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="editors_of_kommun")
    collection = models.OneToOneField(Collection, on_delete=models.PROTECT, related_name="kommun")

    objects = KommunQuerySet.as_manager()
    export_fields = ("slug", "name", "site", "collection")
    export_scope = None  # the rows tying each site to its tree and collection

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self):
        return self.name

    @property
    def config(self):
        from ..site_config import site_config

        return site_config(self.slug)
