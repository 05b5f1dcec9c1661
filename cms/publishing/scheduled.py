"""Publishing at the time an editor chose: a page or listing set to go live (or to expire) at 10:00 is live
(or gone) on the site at 10:00, not after the next nightly build.

Wagtail keeps the schedule itself: a publish with a go-live time in the future stores it as the revision's
`approved_go_live_at`, and a live object's `expire_at` is its end. Its `publish_scheduled` command publishes
what is due and unpublishes what expired, and each of those sends the publish signals that queue the
kommun's build (signal_handlers). Nothing ran that command, so a scheduled publish never went live at all.
Here each scheduled moment enqueues one run of it on the publishing queue, due at that moment, so the publish
worker runs it then; the nightly unit runs it too, as the safety net (docs/systemd/norrbotten-build.service).
"""

from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_save
from django_tasks import task
from wagtail.models import Revision
from wagtail.signals import page_published, published

from .queue import BACKEND, QUEUE

#: After the moment itself: Wagtail's command takes what is strictly past its time.
MARGIN = timedelta(seconds=1)


@task(backend=BACKEND, queue_name=QUEUE)
def publish_scheduled():
    """Publish the revisions whose time has come and unpublish what expired (Wagtail's own command)."""
    call_command("publish_scheduled", verbosity=0)


def run_at(moment):
    """Enqueue a run of `publish_scheduled` for `moment`, once the transaction that scheduled it commits."""
    transaction.on_commit(lambda: publish_scheduled.using(run_after=moment + MARGIN).enqueue())


def revision_scheduled(sender, instance, raw=False, **kwargs):
    if instance.approved_go_live_at and not raw:
        run_at(instance.approved_go_live_at)


def published_until(sender, instance, **kwargs):
    if getattr(instance, "expire_at", None):
        run_at(instance.expire_at)


def connect():
    post_save.connect(revision_scheduled, sender=Revision, dispatch_uid="publishing-revision-scheduled")
    page_published.connect(published_until, dispatch_uid="publishing-page-expires")
    published.connect(published_until, dispatch_uid="publishing-expires")
