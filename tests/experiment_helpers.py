"""Builders for the experiment tests: a running A/B test on a kommun's home page."""


def make_experiment(kommun, *, status="running", goal_name="search-homes", languages=("sv", "en"), **overrides):
    """An experiment on the kommun's home page: B has a new hero headline (and a reworded
    search button) written in `languages`."""
    from cms.experiments.models import Experiment, Variant

    home = kommun.site.root_page
    changes = []
    for code in languages:
        changes.append(("headline", {"language": code, "headline": f"Jobs first ({code})", "intro": ""}))
        changes.append(
            (
                "call_to_action",
                {"name": "search-homes", "language": code, "text": f"Find your home ({code})", "page": None, "url": ""},
            )
        )
    fields = dict(
        kommun=kommun,
        page=home,
        name="Jobs headline",
        goal_kind="cta",
        goal_name=goal_name,
        status=status,
        baseline_rate=10,
        minimum_effect=5,
    )
    fields.update(overrides)
    experiment = Experiment(**fields)
    experiment.variants = [
        Variant(name="Today's page", weight=50, sort_order=0),
        Variant(name="Jobs first", weight=50, sort_order=1, changes=changes),
    ]
    experiment.planned_sample_size = experiment.plan(2)
    experiment.full_clean()
    experiment.save()
    return experiment
