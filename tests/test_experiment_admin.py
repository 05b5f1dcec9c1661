"""Experiments and usability sessions through the real Wagtail admin: creating one, the rules,
who may see what, the results page, promoting a variant into the page, and session reports."""

import csv
import html
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.experiments.models import Experiment, ExperimentEvent, SessionEvent, SessionTask, UsabilitySession
from tests.experiment_helpers import make_experiment

pytestmark = pytest.mark.django_db


def url(model, name, *args):
    return reverse(model.snippet_viewset.get_url_name(name), args=args)


def form(kommun, *, variants=None, **fields):
    home = kommun.site.root_page
    data = {
        "kommun": kommun.pk,
        "page": home.pk,
        "name": "Jobs headline",
        "hypothesis": "Jobs make people look",
        "status": "draft",
        "goal_kind": "cta",
        "goal_name": "search-homes",
        "goal_page": "",
        "baseline_rate": "10",
        "minimum_effect": "3",
    }
    data.update(fields)
    data["variants"] = inline_formset(
        variants
        if variants is not None
        else [
            {"name": "Today's page", "weight": "50", "changes": streamfield([])},
            {
                "name": "Jobs first",
                "weight": "50",
                "changes": streamfield(
                    [
                        ("headline", {"language": "sv", "headline": "Jobben finns här", "intro": ""}),
                        ("headline", {"language": "en", "headline": "The jobs are here", "intro": ""}),
                    ]
                ),
            },
        ]
    )
    return nested_form_data(data)


def refused(response):
    """Wagtail answers a permission failure with 403, 404 or a redirect away from the view."""
    return response.status_code in (403, 404) or (response.status_code == 302 and "login" not in response["Location"])


def text(response):
    return html.unescape(response.content.decode())


def errors(response):
    return " ".join(
        re.sub(r"\s+", " ", m)
        for m in re.findall(r'class="[^"]*error-message[^"]*"[^>]*>(.*?)</', response.content.decode(), re.S)
    )


def test_a_kommun_editor_creates_an_experiment_on_its_home_page(editor_client, kommun):
    client = editor_client("pitea")
    response = client.post(url(Experiment, "add"), form(kommun("pitea")))
    assert response.status_code == 302, errors(response) or response.content.decode()[:3000]
    experiment = Experiment.objects.get(name="Jobs headline")
    assert [(v.key, v.name) for v in experiment.variants.order_by("sort_order")] == [
        ("a", "Today's page"),
        ("b", "Jobs first"),
    ]
    assert experiment.planned_sample_size == 1774  # 10% -> 13% at 95% confidence and 80% power (Fleiss)
    assert experiment.kommun.slug == "pitea" and experiment.status == "draft"


@pytest.mark.parametrize(
    "variants, fields, says",
    [
        (
            [
                {"name": "A", "weight": "60", "changes": streamfield([])},
                {
                    "name": "B",
                    "weight": "60",
                    "changes": streamfield([("headline", {"language": "sv", "headline": "Y", "intro": ""})]),
                },
            ],
            {},
            "add up to 120%",
        ),
        (
            [
                {
                    "name": "A",
                    "weight": "50",
                    "changes": streamfield([("headline", {"language": "sv", "headline": "X", "intro": ""})]),
                },
                {
                    "name": "B",
                    "weight": "50",
                    "changes": streamfield([("headline", {"language": "sv", "headline": "Y", "intro": ""})]),
                },
            ],
            {},
            "The first variant is A",
        ),
        (None, {"goal_name": "buy-now"}, "no call to action called “buy-now”"),
        (None, {"minimum_effect": "0"}, "smallest effect must be non-zero"),
    ],
)
def test_the_rules_of_an_experiment_are_explained(editor_client, kommun, variants, fields, says):
    response = editor_client("pitea").post(url(Experiment, "add"), form(kommun("pitea"), variants=variants, **fields))
    assert response.status_code == 200 and says in text(response)
    assert not Experiment.objects.filter(name="Jobs headline").exists()


def test_an_experiment_runs_only_on_the_editors_own_kommun(editor_client, kommun):
    pitea, boden = kommun("pitea"), kommun("boden")
    response = editor_client("pitea").post(url(Experiment, "add"), form(pitea, page=boden.site.root_page.pk))
    assert response.status_code == 200 and "is not on Piteå's site" in text(response)
    experiment = make_experiment(pitea)
    client = editor_client("boden")
    assert experiment.name not in client.get(url(Experiment, "list")).content.decode()
    for name in ("edit", "results", "results_csv"):
        assert refused(client.get(url(Experiment, name, experiment.pk))), name
    client.post(url(Experiment, "status", experiment.pk), {"status": "finished"})
    client.post(url(Experiment, "promote", experiment.pk), {"variant": "b"})
    experiment.refresh_from_db()
    assert experiment.status == "running" and not experiment.promoted_variant


def record(experiment, variant, visitors, conversions, session=None):
    rows = [
        ExperimentEvent(
            experiment=experiment, variant=variant, kind="exposure", visitor=f"{variant}{n:031x}", session=session
        )
        for n in range(visitors)
    ]
    rows += [
        ExperimentEvent(
            experiment=experiment, variant=variant, kind="goal", visitor=f"{variant}{n:031x}", session=session
        )
        for n in range(conversions)
    ]
    ExperimentEvent.objects.bulk_create(rows)


def test_the_results_page_reports_rates_intervals_and_refuses_an_early_winner(editor_client, kommun):
    experiment = make_experiment(kommun("pitea"))
    record(experiment, "a", 400, 40)
    record(experiment, "b", 400, 72)
    ExperimentEvent.objects.create(experiment=experiment, variant="b", kind="goal", visitor="f" * 32)  # never exposed
    page = editor_client("pitea").get(url(Experiment, "results", experiment.pk)).content.decode()
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert "A: Today's page 50% 400 40 10.0%" in text and "B: Jobs first 50% 400 72 18.0%" in text
    assert "+8.0 pp" in text and "No winner yet." in text and "planned number of visitors" in text
    assert "Sample ratio mismatch" not in text
    exported = editor_client("pitea").get(url(Experiment, "results_csv", experiment.pk)).content.decode()
    assert exported.splitlines()[2].startswith("b,Jobs first,50,400,72,0.1800")


def test_a_broken_split_raises_the_sample_ratio_alarm(editor_client, kommun):
    experiment = make_experiment(kommun("pitea"))
    record(experiment, "a", 600, 60)
    record(experiment, "b", 450, 45)
    page = editor_client("pitea").get(url(Experiment, "results", experiment.pk)).content.decode()
    assert "Sample ratio mismatch." in page


def test_promoting_a_variant_publishes_it_as_a_revision_that_history_shows(editor_client, kommun):
    pitea = kommun("pitea")
    experiment = make_experiment(pitea)
    home = pitea.site.root_page.specific
    english = home.get_translation(home.get_translations().get(locale__language_code="en").locale).specific
    before = home.hero_headline
    client = editor_client("pitea")
    response = client.post(url(Experiment, "promote", experiment.pk), {"variant": "b"}, follow=True)
    assert "Variant B is now the page (sv, en)" in text(response)
    assert "part of the theme" in text(response)  # the home page's search button is the theme's
    home.refresh_from_db()
    english.refresh_from_db()
    assert home.hero_headline == "Jobs first (sv)" and english.hero_headline == "Jobs first (en)"
    assert home.live and not home.has_unpublished_changes
    log = PageLogEntry.objects.filter(page=home, action="wagtail.publish").order_by("-timestamp").first()
    assert log.user.username == "editor-pitea"
    previous = home.revisions.order_by("-created_at")[1].as_object()
    assert previous.hero_headline == before  # the page's history can revert it
    experiment.refresh_from_db()
    assert experiment.status == "finished" and experiment.promoted_variant == "b"


def test_starting_pausing_and_finishing_from_the_results_page(editor_client, kommun):
    experiment = make_experiment(kommun("pitea"), status="draft")
    client = editor_client("pitea")
    for status in ("running", "paused", "running", "finished"):
        client.post(url(Experiment, "status", experiment.pk), {"status": status})
        experiment.refresh_from_db()
        assert experiment.status == status
    response = client.post(url(Experiment, "status", experiment.pk), {"status": "running"}, follow=True)
    assert "cannot become running" in text(response)
    assert experiment.started_at and experiment.ended_at


def test_a_usability_session_from_link_to_report(editor_client, kommun):
    pitea = kommun("pitea")
    experiment = make_experiment(pitea)
    client = editor_client("pitea")
    data = nested_form_data(
        {
            "kommun": pitea.pk,
            "participant": "P3 (Dutch family)",
            "language": "en",
            "experiment": experiment.pk,
            "variant": f"{experiment.pk}.b",
            "start_page": "",
            "scheduled_for": "",
            "facilitator": "Emma",
            "tasks": inline_formset(
                [
                    {"text": "Find a three-room flat under 9,000 SEK near a school"},
                    {"text": "Find something to do on Saturday"},
                ]
            ),
        }
    )
    response = client.post(url(UsabilitySession, "add"), data)
    assert response.status_code == 302, errors(response)
    session = UsabilitySession.objects.get(participant="P3 (Dutch family)")
    observe = client.get(url(UsabilitySession, "observe", session.pk)).content.decode()
    link = f"https://move.pitea.se/en/#nb-session={session.token}.{experiment.pk}.b"
    assert link in observe.replace("&amp;", "&") and "<svg" in observe  # the link and its QR code
    assert "Nothing is recorded until you confirm" in observe
    client.post(url(UsabilitySession, "observe", session.pk), {"action": "consent"})
    first, second = session.tasks.order_by("sort_order")
    client.post(
        url(UsabilitySession, "observe", session.pk), {"action": "task", "task": first.pk, "outcome": "started"}
    )
    SessionEvent.objects.create(session=session, kind="search", path="/en/housing/", detail="rooms_min=3&rent_max=9000")
    client.post(
        url(UsabilitySession, "observe", session.pk),
        {
            "action": "note",
            "task": first.pk,
            "kind": "problem",
            "page": "/en/housing/",
            "text": "Did not see the school filter.",
        },
    )
    client.post(
        url(UsabilitySession, "observe", session.pk), {"action": "task", "task": first.pk, "outcome": "completed"}
    )
    client.post(
        url(UsabilitySession, "observe", session.pk), {"action": "task", "task": second.pk, "outcome": "skipped"}
    )
    session.refresh_from_db()
    assert session.consent_given
    report = re.sub(r"\s+", " ", client.get(url(UsabilitySession, "report", session.pk)).content.decode())
    assert "Find a three-room flat under 9,000 SEK near a school" in report and "Completed" in report
    assert "rooms_min=3&amp;rent_max=9000" in report and "Did not see the school filter." in report
    rows = list(csv.reader(io.StringIO(client.get(url(UsabilitySession, "report_csv", session.pk)).content.decode())))
    assert rows[1][:5] == [
        "P3 (Dutch family)",
        "en",
        "b",
        "Find a three-room flat under 9,000 SEK near a school",
        "Completed",
    ]
    assert ["note", "problem", "/en/housing/", "Did not see the school filter."] == [rows[3][6], *rows[3][8:]]
    assert rows[-1][4:6] == ["Skipped", ""]
    other = UsabilitySession.objects.create(
        kommun=pitea, participant="P4", language="en", experiment=experiment, variant="a"
    )
    SessionTask.objects.create(
        session=other, text="Find a three-room flat under 9,000 SEK  near a school", outcome="failed"
    )
    compare = re.sub(
        r"\s+", " ", client.get(url(UsabilitySession, "compare") + f"?experiment={experiment.pk}").content.decode()
    )
    assert "2 sessions." in compare and "0 (0.0%)" in compare and "1 (100.0%)" in compare
    boden = editor_client("boden")
    assert refused(boden.get(url(UsabilitySession, "observe", session.pk)))
    assert refused(boden.get(url(UsabilitySession, "report_csv", session.pk)))
    # The alias whole: two letters alone can turn up in the page's random CSRF token.
    assert "P3 (Dutch family)" not in boden.get(url(UsabilitySession, "compare")).content.decode()


def test_an_experiment_that_would_run_in_no_language_does_not_start(editor_client, kommun):
    from cms.experiments.models import Variant

    experiment = make_experiment(kommun("pitea"), status="draft", languages=("sv",))
    experiment.variants.update(weight=33)
    Variant.objects.create(
        experiment=experiment,
        name="English only",
        weight=34,
        sort_order=2,
        changes=[("headline", {"language": "en", "headline": "Jobs first", "intro": ""})],
    )  # B is Swedish only, C English only
    response = editor_client("pitea").post(url(Experiment, "status", experiment.pk), {"status": "running"}, follow=True)
    assert "would run in no language" in text(response)
    experiment.refresh_from_db()
    assert experiment.status == "draft"


def test_a_sessions_variant_is_chosen_from_its_experiments_variants(editor_client, kommun):
    """A variant typed by hand ("B", or a letter the experiment lacks) once made a link that showed A."""
    pitea = kommun("pitea")
    experiment = make_experiment(pitea)
    other = make_experiment(pitea, name="Another test", status="draft")
    client = editor_client("pitea")
    form_page = client.get(url(UsabilitySession, "add")).content.decode()
    select = re.search(r'<select name="variant".*?</select>', form_page, re.S).group(0)
    assert f'<option value="{experiment.pk}.b">B: ' in select and f'<option value="{other.pk}.a">A: ' in select

    def post(variant, participant):
        return client.post(
            url(UsabilitySession, "add"),
            nested_form_data(
                {
                    "kommun": pitea.pk,
                    "participant": participant,
                    "language": "en",
                    "experiment": experiment.pk,
                    "variant": variant,
                    "start_page": "",
                    "scheduled_for": "",
                    "facilitator": "",
                    "tasks": inline_formset([{"text": "Find a flat"}]),
                }
            ),
        )

    assert "another experiment" in errors(post(f"{other.pk}.b", "P8"))
    assert "Select a valid choice" in errors(post(f"{experiment.pk}.q", "P9"))
    assert not UsabilitySession.objects.filter(participant__in=["P8", "P9"]).exists()
    assert post(f"{experiment.pk}.b", "P10").status_code == 302
    session = UsabilitySession.objects.get(participant="P10")
    assert session.variant == "b"
    observe = client.get(url(UsabilitySession, "observe", session.pk)).content.decode().replace("&amp;", "&")
    assert f"#nb-session={session.token}.{experiment.pk}.b" in observe
    edit = client.get(url(UsabilitySession, "edit", session.pk)).content.decode()
    assert f'<option value="{experiment.pk}.b" selected>' in edit
    typed = UsabilitySession(kommun=pitea, participant="P11", language="en", experiment=experiment, variant="B ")
    typed.full_clean()
    assert typed.variant == "b"
    typed.variant = "q"
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="has the variants A, B; it has no variant “Q”"),
    ):
        typed.full_clean()
