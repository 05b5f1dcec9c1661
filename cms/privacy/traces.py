"""What Wagtail keeps of a record besides the record itself, forgotten when the record is erased.

Deleting a row leaves its audit log entries (with their labels and data) and its revisions
(whole copies of the record) behind; erasure has to reach those copies too. Log entries
stay, so the kommun can show that something was erased and by whom, but with a neutral
label ("Contact request #12") and no data.
"""

from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision
from wagtail.search import index

from cms.base.models.audit_log import numbered_label


def forget(instance):
    """Redact the log entries and delete the revisions and search index entries of `instance`
    (call it before deleting the instance, while its id still finds them)."""
    log_registry.get_logs_for_instance(instance).update(label=numbered_label(instance), data={})
    Revision.objects.for_instance(instance).delete()
    if isinstance(instance, index.Indexed):
        index.remove_object(instance)
