"""Wagtail's audit log, kept per kommun for everything that belongs to one.

Wagtail logs snippets and other models into one `ModelLogEntry` table that any user with
a permission on the model's type may read in the site history report: a Piteå editor
would read what Boden's editors did to Boden's contact requests, experiments and
sessions. Pages have their own log model (`PageLogEntry`) that Wagtail scopes by the
page tree; this is the same idea for records with a `kommun`: each entry carries the
kommun of the object it logs (known when logging, still known once the object is
deleted), and the report shows an editor only their own kommuner's entries.

An entry's label is what `str()` says of the object unless the model offers a neutral
`audit_label()`: records holding personal data do, so a name never reaches the log.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager


def kommun_scoped_models():
    """Every installed model whose records belong to one kommun (a `kommun` foreign key)."""
    from django.apps import apps

    from .kommun import Kommun

    return [
        model
        for model in apps.get_models()
        if not issubclass(model, BaseLogEntry)
        and any(field.name == "kommun" and field.related_model is Kommun for field in model._meta.fields)
    ]


def numbered_label(instance):
    """A label that names the record's kind and number only, e.g. "Contact request #12"."""
    return f"{capfirst(instance._meta.verbose_name)} #{instance.pk}"


class KommunLogEntryManager(BaseLogEntryManager):
    """Logs with the object's kommun; shows a user only the entries of their own kommuner."""

    def get_instance_title(self, instance):
        audit_label = getattr(instance, "audit_label", None)
        return audit_label() if audit_label else super().get_instance_title(instance)

    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk), kommun_id=instance.kommun_id)
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )

    def viewable_by_user(self, user):
        """Entries of the kommuner the user edits, of the kinds of record the user has a permission on.

        (Wagtail's own check caches the kinds on the user object under one name for every log
        model, so a second log model would be read with the first one's kinds.)"""
        from ..permissions import user_kommun_ids

        if user.is_superuser:
            return self.all()
        if not hasattr(user, "_kommun_log_content_type_ids"):
            permissions = Permission.objects.filter(content_type__in=self.values("content_type")).select_related(
                "content_type"
            )
            user._kommun_log_content_type_ids = {
                permission.content_type_id
                for permission in permissions
                if user.has_perm(f"{permission.content_type.app_label}.{permission.codename}")
            }
        return self.filter(content_type_id__in=user._kommun_log_content_type_ids, kommun_id__in=user_kommun_ids(user))


class KommunLogEntry(BaseLogEntry):
    """One audit log entry of a record that belongs to a kommun (a listing, an experiment, a
    session, a submission or contact request)."""

    object_id = models.CharField(max_length=255, db_index=True)
    kommun = models.ForeignKey(
        "base.Kommun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kommun"),
        help_text=_("The kommun of the logged object; without one, only administrators read it."),
    )

    objects = KommunLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("kommun log entry")
        verbose_name_plural = _("kommun log entries")
