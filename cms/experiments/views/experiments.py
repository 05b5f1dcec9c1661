"""The experiment's results page, its start/pause/finish actions, promotion and CSV export."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import results
from ..models import ExperimentStatus
from ..promote import PromotionError, promote
from ..variants import runs_in
from .base import KommunObjectView, microsite_url, page_path

#: The status changes an editor may make from the results page.
TRANSITIONS = {
    ExperimentStatus.DRAFT: (ExperimentStatus.RUNNING,),
    ExperimentStatus.RUNNING: (ExperimentStatus.PAUSED, ExperimentStatus.FINISHED),
    ExperimentStatus.PAUSED: (ExperimentStatus.RUNNING, ExperimentStatus.FINISHED),
    ExperimentStatus.FINISHED: (),
}


class ResultsView(KommunObjectView):
    page_title = gettext_lazy("Results")
    template_name = "experiments/results.html"

    def get_context_data(self, **kwargs):
        experiment = self.object
        analysis = results.analysis(experiment)
        context = super().get_context_data(**kwargs)
        context.update(
            experiment=experiment,
            analysis=analysis,
            chart=results.rate_chart(analysis),
            daily=results.daily_visitors(experiment),
            sessions=results.session_counts(experiment),
            previews=self._previews(),
            transitions=TRANSITIONS[experiment.status],
            status_url=self.url("status"),
            promote_url=self.url("promote"),
            csv_url=self.url("results_csv"),
            edit_url=self.url("edit"),
            total=sum(row.visitors for row in analysis.variants),
        )
        return context

    def _previews(self):
        """Links that open each variant on the microsite without counting, per language it runs in."""
        experiment = self.object
        if experiment.page is None:
            return []
        variants = list(experiment.variants.order_by("key"))
        changes = [v.changes.get_prep_value() for v in variants]
        links = []
        for page in [experiment.page, *experiment.page.get_translations()]:
            language = page.locale.language_code
            if page.alias_of_id or not runs_in(changes, language):
                continue
            url = microsite_url(experiment.kommun, page_path(page))
            links.append((language, [(v, f"{url}#nb-preview={v.key}") for v in variants]))
        return sorted(links)


class StatusView(KommunObjectView):
    """Start, pause or finish (POST only)."""

    action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        experiment = self.object
        wanted = request.POST.get("status")
        if wanted not in TRANSITIONS[experiment.status]:
            messages.error(
                request,
                _("An experiment that is %(now)s cannot become %(wanted)s.")
                % {"now": experiment.get_status_display(), "wanted": wanted},
            )
            return HttpResponseRedirect(self.url("results"))
        problem = start_problem(experiment) if wanted == ExperimentStatus.RUNNING else None
        if problem:
            messages.error(request, problem)
            return HttpResponseRedirect(self.url("results"))
        experiment.status = wanted
        try:
            experiment.full_clean()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(self.url("results"))
        if wanted == ExperimentStatus.RUNNING and not experiment.planned_sample_size:
            experiment.planned_sample_size = experiment.plan(experiment.variants.count())
        experiment.save()
        messages.success(
            request,
            _("The experiment is now %(status)s. The next build publishes the change.")
            % {"status": experiment.get_status_display().lower()},
        )
        return HttpResponseRedirect(self.url("results"))


def start_problem(experiment):
    """Why the saved experiment cannot start, or None (the edit form checks the same as it is typed)."""
    variants = list(experiment.variants.order_by("key"))
    changes = [v.changes.get_prep_value() for v in variants]
    if len(variants) < 2 or sum(v.weight for v in variants) != 100:
        return _("An experiment starts with at least two variants whose shares add up to 100%.")
    if changes[0] or not all(changes[1:]):
        return _("Variant A must be the page as published, and every other variant must change something.")
    page = experiment.page
    if page is None or not any(
        runs_in(changes, p.locale.language_code) for p in [page, *page.get_translations()] if not p.alias_of_id
    ):
        return _(
            "The experiment would run in no language: write every variant's text changes in a language the "
            "page is translated into."
        )
    return None


class PromoteView(KommunObjectView):
    """End the experiment and make one variant the page (POST only)."""

    action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        experiment = self.object
        key = request.POST.get("variant", "")
        page = experiment.page
        if page is None or not page.permissions_for_user(request.user).can_publish():
            messages.error(request, _("You may not publish the experiment's page, so you cannot promote a variant."))
            return HttpResponseRedirect(self.url("results"))
        try:
            published, notes = promote(experiment, key, request.user)
        except PromotionError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(self.url("results"))
        languages = ", ".join(p.locale.language_code for p in published) or _("no language")
        messages.success(
            request,
            _(
                "Variant %(key)s is now the page (%(languages)s), published as a new revision; "
                "the page's history can revert it. The experiment is finished."
            )
            % {"key": key.upper(), "languages": languages},
        )
        for note in notes:
            messages.warning(request, note)
        return HttpResponseRedirect(self.url("results"))


class ResultsCSVView(KommunObjectView):
    def get(self, request, *args, **kwargs):
        analysis = results.analysis(self.object)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="experiment-{self.object.pk}-results.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "variant",
                "name",
                "share",
                "visitors",
                "conversions",
                "rate",
                "rate_low_95",
                "rate_high_95",
                "difference_vs_a",
                "difference_low",
                "difference_high",
                "p_value",
                "significant",
            ]
        )
        for row in analysis.variants:
            comparison = row.comparison
            writer.writerow(
                [
                    row.key,
                    row.name,
                    row.weight,
                    row.visitors,
                    row.conversions,
                    f"{row.rate:.4f}",
                    f"{row.interval[0]:.4f}",
                    f"{row.interval[1]:.4f}",
                    *(
                        [
                            f"{comparison.difference:.4f}",
                            f"{comparison.interval[0]:.4f}",
                            f"{comparison.interval[1]:.4f}",
                            f"{comparison.p_value:.4f}",
                            comparison.significant,
                        ]
                        if comparison
                        else ["", "", "", "", ""]
                    ),
                ]
            )
        return response
