"""The running experiments of a kommun, as the build publishes them into its static pages."""

from django.db.models import Prefetch

from cms.export.declarations import rows

from . import variants as variant_changes
from .models import Experiment, ExperimentStatus, GoalKind, Variant


def running(kommun):
    """The kommun's running experiments with their variants (one query each, for every language)."""
    return list(
        rows(Experiment)
        .filter(kommun=kommun, status=ExperimentStatus.RUNNING, page__isnull=False)
        .prefetch_related(Prefetch("variants", rows(Variant)))
        .order_by("pk")
    )


def goal(experiment, page_urls):
    """What the device needs to know to notice the goal: `page_urls` maps a page id to its
    URLs in every language."""
    data = {"kind": experiment.goal_kind}
    if experiment.goal_kind == GoalKind.CALL_TO_ACTION:
        data["name"] = experiment.goal_name
    elif experiment.goal_kind == GoalKind.PAGE:
        data["paths"] = sorted(page_urls(experiment.goal_page_id))
    return data


def for_page(experiment, entry, language, resolve, page_urls):
    """The experiment as one page in one language publishes it, or None where it does not run
    there: the page is shown in another language, or a variant's text is not written in this one."""
    if entry["text_language"] != language:
        return None
    rows = sorted(experiment.variants.all(), key=lambda v: v.key)  # A first: the letters follow the order
    changes = [variant.changes.raw_data for variant in rows]
    if len(rows) < 2 or not variant_changes.runs_in(changes, language):
        return None
    return {
        "id": experiment.pk,
        "goal": goal(experiment, page_urls),
        "variants": [
            {
                "key": variant.key,
                "weight": variant.weight,
                "page": entry if index == 0 else variant_changes.apply(entry, changes[index], language, resolve),
            }
            for index, variant in enumerate(rows)
        ],
    }
