"""Usability sessions in the admin: run one (link, QR code, tasks, notes), its report, and a
report across sessions comparing variants per task. Reports print cleanly and export as CSV."""

import csv
import statistics as stats
from collections import defaultdict

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

from cms.base.permissions import scope_queryset
from cms.base.times import local_iso

from ..models import Observation, SessionTask, TaskOutcome, UsabilitySession
from .base import KommunObjectView, microsite_url, page_path


def session_link(session):
    """The address that opens the microsite for this session: its language, its variant, its events."""
    page = session.start_page
    if page is not None:
        locale = Locale.objects.filter(language_code=session.language).first()
        page = (page.get_translation_or_none(locale) if locale else None) or page
        path = page_path(page)
    else:
        path = f"/{session.language}/"
    experiment = session.experiment_id or ""
    return microsite_url(session.kommun, path) + f"#nb-session={session.token}.{experiment}.{session.variant}"


def task_windows(session):
    """Each task with the events and notes that belong to it (the events between its start and
    end); then the events outside every task, and the notes tied to no task."""
    events = list(session.events.all())
    notes = list(session.observations.select_related("task"))
    rows, placed = [], set()
    for task in session.tasks.all():
        inside = [
            e
            for e in events
            if task.started_at
            and task.started_at <= e.created_at
            and (task.ended_at is None or e.created_at <= task.ended_at)
        ]
        placed.update(e.pk for e in inside)
        rows.append(
            {
                "task": task,
                "events": inside,
                "notes": [n for n in notes if n.task_id == task.pk],
                "pages": sum(e.kind == "page" for e in inside),
                "searches": sum(e.kind == "search" for e in inside),
                "clicks": sum(e.kind == "click" for e in inside),
            }
        )
    outside = [e for e in events if e.pk not in placed]
    return rows, outside, [n for n in notes if n.task_id is None]


class ObserveView(KommunObjectView):
    """Running a session: the link and QR code, the task buttons, quick notes, what just happened."""

    page_title = gettext_lazy("Run the session")
    template_name = "experiments/session_observe.html"

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            self.action = "change"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        session = self.object
        link = session_link(session)
        context = super().get_context_data(**kwargs)
        context.update(
            session=session,
            link=link,
            tasks=session.tasks.all(),
            qr=mark_safe(segno.make(link, error="m").svg_inline(scale=4, title=_("QR code of the session link"))),
            events=list(session.events.order_by("-created_at", "-pk")[:30]),
            notes=session.observations.select_related("task"),
            kinds=Observation.Kind.choices,
            report_url=self.url("report"),
            edit_url=self.url("edit"),
        )
        return context

    def post(self, request, *args, **kwargs):
        session = self.object
        action = request.POST.get("action")
        if action == "consent":
            session.consent_given = True
            session.save(update_fields=["consent_given"])
            messages.success(request, _("Consent recorded: the session link now records what the participant does."))
        elif action == "close":
            session.closed = True
            session.save(update_fields=["closed"])
            for task in session.tasks.filter(outcome=TaskOutcome.STARTED):
                task.outcome, task.ended_at = TaskOutcome.FAILED, timezone.now()
                task.save()
            messages.success(request, _("The session is closed; its link records nothing more."))
        elif action == "task":
            self._task(request)
        elif action == "note":
            self._note(request)
        return HttpResponseRedirect(self.url("observe"))

    def _task(self, request):
        task = SessionTask.objects.filter(session=self.object, pk=request.POST.get("task")).first()
        outcome = request.POST.get("outcome")
        if task is None or outcome not in TaskOutcome.values:
            messages.error(request, _("That task or outcome does not exist in this session."))
            return
        now = timezone.now()
        if outcome == TaskOutcome.STARTED:
            task.started_at, task.ended_at = now, None
        elif outcome == TaskOutcome.SKIPPED:
            task.started_at, task.ended_at = None, now  # no time on a task never tried
        else:
            task.started_at = task.started_at or now
            task.ended_at = now
        task.outcome = outcome
        task.save()

    def _note(self, request):
        text = (request.POST.get("text") or "").strip()
        if not text:
            messages.error(request, _("Write the note before adding it."))
            return
        task = SessionTask.objects.filter(session=self.object, pk=request.POST.get("task") or 0).first()
        kind = (
            request.POST.get("kind") if request.POST.get("kind") in Observation.Kind.values else Observation.Kind.NOTE
        )
        Observation.objects.create(
            session=self.object,
            task=task,
            kind=kind,
            text=text[:5000],
            page=(request.POST.get("page") or "")[:300],
            author=request.user.get_full_name() or request.user.get_username(),
        )
        messages.success(request, _("Note added."))


class ReportView(KommunObjectView):
    page_title = gettext_lazy("Session report")
    template_name = "experiments/session_report.html"

    def get_context_data(self, **kwargs):
        rows, outside, general = task_windows(self.object)
        context = super().get_context_data(**kwargs)
        context.update(
            session=self.object,
            rows=rows,
            outside=outside,
            general_notes=general,
            csv_url=self.url("report_csv"),
            observe_url=self.url("observe"),
        )
        return context


class ReportCSVView(KommunObjectView):
    def get(self, request, *args, **kwargs):
        session = self.object
        rows, outside, general = task_windows(session)
        response = _csv_response(f"session-{session.pk}-report.csv")
        writer = csv.writer(response)
        writer.writerow(
            [
                "participant",
                "language",
                "variant",
                "task",
                "outcome",
                "seconds",
                "record",
                "time",
                "kind",
                "page",
                "detail",
            ]
        )
        head = [session.participant, session.language, session.variant or "a"]
        for row in rows:
            task = row["task"]
            summary = [task.text, task.get_outcome_display(), int(task.seconds) if task.seconds is not None else ""]
            writer.writerow(head + summary + ["task", local_iso(task.started_at) or "", "", "", ""])
            for event in row["events"]:
                writer.writerow(
                    head + summary + ["event", local_iso(event.created_at), event.kind, event.path, event.detail]
                )
            for note in row["notes"]:
                writer.writerow(head + summary + ["note", local_iso(note.created_at), note.kind, note.page, note.text])
        for event in outside:
            writer.writerow(
                head + ["", "", "", "event", local_iso(event.created_at), event.kind, event.path, event.detail]
            )
        for note in general:
            writer.writerow(head + ["", "", "", "note", local_iso(note.created_at), note.kind, note.page, note.text])
        return response


def _csv_response(filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def compare_tasks(sessions):
    """Per task (by its wording) and variant: sessions, completions, completion rate and median time."""
    table = defaultdict(lambda: defaultdict(list))
    for session in sessions:
        for task in session.tasks.all():
            table[" ".join(task.text.split()).casefold()][session.variant or "a"].append(task)
    rows = []
    for _text, by_variant in sorted(table.items()):
        cells = []
        for variant, tasks in sorted(by_variant.items()):
            done = [t for t in tasks if t.outcome == TaskOutcome.COMPLETED]
            times = [t.seconds for t in done if t.seconds is not None]
            cells.append(
                {
                    "variant": variant,
                    "sessions": len(tasks),
                    "completed": len(done),
                    "rate": len(done) / len(tasks) if tasks else 0,
                    "median_seconds": stats.median(times) if times else None,
                }
            )
        rows.append({"task": next(iter(by_variant.values()))[0].text, "cells": cells})
    return rows


class CompareView(WagtailAdminTemplateMixin, TemplateView):
    """Across sessions: how each variant did on each task."""

    page_title = gettext_lazy("Sessions compared")
    header_icon = "crosshairs"
    template_name = "experiments/sessions_compare.html"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not ModelPermissionPolicy(UsabilitySession).user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def sessions(self):
        sessions = scope_queryset(UsabilitySession.objects.all(), self.request.user).prefetch_related("tasks")
        experiment = self.request.GET.get("experiment")
        if experiment and experiment.isdigit():
            sessions = sessions.filter(experiment_id=int(experiment))
        return sessions

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            response = _csv_response("sessions-compared.csv")
            writer = csv.writer(response)
            writer.writerow(["task", "variant", "sessions", "completed", "completion_rate", "median_seconds"])
            for row in compare_tasks(self.sessions()):
                for cell in row["cells"]:
                    writer.writerow(
                        [
                            row["task"],
                            cell["variant"],
                            cell["sessions"],
                            cell["completed"],
                            f"{cell['rate']:.2f}",
                            cell["median_seconds"] if cell["median_seconds"] is not None else "",
                        ]
                    )
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from ..models import Experiment

        context = super().get_context_data(**kwargs)
        sessions = self.sessions()
        context.update(
            rows=compare_tasks(sessions),
            count=sessions.count(),
            experiments=scope_queryset(Experiment.objects.all(), self.request.user),
            chosen=self.request.GET.get("experiment", ""),
            csv_url=f"{self.request.path}?{self.request.GET.urlencode()}&format=csv".replace("?&", "?"),
            index_url=reverse(self.viewset.get_url_name("list")),
        )
        return context
