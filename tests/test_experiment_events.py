"""`POST /api/events`: what the microsites send is validated, capped, rate-limited and anonymous;
anything wrong gets 400, 413 or 429 and nothing is stored."""

import json

import pytest
from django.core.cache import cache

from cms.experiments.models import ExperimentEvent, SessionEvent, UsabilitySession
from tests.experiment_helpers import make_experiment

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
VISITOR = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def experiment(kommun):
    return make_experiment(kommun("pitea"))


def post(client, body, **headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.post("/api/events", data=data, content_type="text/plain", **headers)


def batch(experiment, *events, site="pitea", **extra):
    return {"site": site, "events": list(events), **extra}


def exposure(experiment, variant="b", visitor=VISITOR):
    return {"type": "exposure", "experiment": experiment.pk, "variant": variant, "visitor": visitor, "page": "/sv/"}


def goal(experiment, name="cta:search-homes", variant="b"):
    return {
        "type": "goal",
        "experiment": experiment.pk,
        "variant": variant,
        "visitor": VISITOR,
        "page": "/sv/",
        "goal": name,
    }


def test_an_exposure_and_a_goal_are_stored_without_anything_personal(client, experiment):
    response = post(
        client,
        batch(experiment, exposure(experiment), goal(experiment)),
        REMOTE_ADDR="10.1.2.3",
        HTTP_ORIGIN="https://move.pitea.se",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "https://move.pitea.se"
    assert "Set-Cookie" not in response and not response.cookies
    rows = list(ExperimentEvent.objects.filter(experiment=experiment).values("variant", "kind", "visitor", "session"))
    assert rows == [
        {"variant": "b", "kind": "exposure", "visitor": VISITOR, "session": None},
        {"variant": "b", "kind": "goal", "visitor": VISITOR, "session": None},
    ]
    stored = json.dumps([list(r.values()) for r in ExperimentEvent.objects.values()], default=str)
    assert "10.1.2.3" not in stored and "Chrome" not in stored


@pytest.mark.parametrize(
    "body, says",
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"site": "pitea", "events": []}), "events"),
        (json.dumps({"site": "pitea", "events": [{"type": "exposure", "page": "/sv/"}]}), "experiment and variant"),
        (json.dumps({"site": "pitea", "events": [{"type": "click", "page": "/sv/"}]}), "only in a usability session"),
        (
            json.dumps(
                {
                    "site": "pitea",
                    "events": [
                        {"type": "exposure", "experiment": 1, "variant": "b", "page": "/sv/", "visitor": "<script>"}
                    ],
                }
            ),
            "visitor",
        ),
        (
            json.dumps(
                {
                    "site": "pitea",
                    "events": [
                        {
                            "type": "exposure",
                            "experiment": 1,
                            "variant": "b",
                            "page": "/sv/",
                            "visitor": VISITOR,
                            "email": "a@b.se",
                        }
                    ],
                }
            ),
            "email",
        ),
    ],
)
def test_malformed_batches_get_400_naming_the_problem(client, experiment, body, says):
    response = post(client, body)
    assert response.status_code == 400 and says in response.json()["error"]
    assert not ExperimentEvent.objects.exists()


def test_unknown_experiments_variants_goals_and_sites_get_400(client, experiment, kommun):
    boden = make_experiment(kommun("boden"), name="Boden's own")
    paused = make_experiment(kommun("pitea"), status="paused", name="Paused")
    cases = [
        (batch(experiment, {**exposure(experiment), "experiment": 999999}), "has no experiment 999999"),
        (batch(experiment, exposure(experiment, variant="e")), "has no variant e"),
        (batch(experiment, exposure(experiment), goal(experiment, name="cta:open-jobs")), "is not the goal"),
        (batch(experiment, exposure(experiment), goal(experiment, name="search")), "is not the goal"),
        (batch(boden, exposure(boden)), "has no experiment"),  # Boden's experiment, sent as Piteå's
        (batch(experiment, exposure(experiment), site="stockholm"), "no microsite called stockholm"),
        (batch(paused, exposure(paused)), "is not running"),
    ]
    for body, says in cases:
        response = post(client, body)
        assert response.status_code == 400 and says in response.json()["error"], (body, response.content)
    assert not ExperimentEvent.objects.exists()  # the good exposure in a bad batch is not stored either


def test_an_oversized_body_gets_413(client, experiment):
    events = [exposure(experiment)] * 20
    body = json.dumps(batch(experiment, *events)) + " " * 5000
    response = post(client, body)
    assert response.status_code == 413
    assert not ExperimentEvent.objects.exists()


def test_a_flood_gets_429(client, experiment, settings):
    settings.EVENTS_RATE_LIMIT = 3
    codes = [post(client, batch(experiment, exposure(experiment))).status_code for _ in range(5)]
    assert codes == [204, 204, 204, 429, 429]
    assert ExperimentEvent.objects.count() == 3
    assert post(client, batch(experiment, exposure(experiment)), REMOTE_ADDR="10.9.9.9").status_code == 204


def test_other_origins_and_methods_are_refused(client, experiment):
    assert post(client, batch(experiment, exposure(experiment)), HTTP_ORIGIN="https://evil.example").status_code == 403
    assert client.get("/api/events").status_code == 405
    assert not ExperimentEvent.objects.exists()


def test_crawlers_are_not_counted(client, experiment):
    for agent in ("Googlebot/2.1 (+http://www.google.com/bot.html)", "", "Mozilla/5.0 HeadlessChrome/131.0"):
        assert post(client, batch(experiment, exposure(experiment)), HTTP_USER_AGENT=agent).status_code == 204
    assert not ExperimentEvent.objects.exists()


def test_a_session_records_its_path_once_the_participant_agreed(client, experiment, kommun):
    session = UsabilitySession.objects.create(
        kommun=kommun("pitea"), participant="P1", language="sv", experiment=experiment, variant="b"
    )
    steps = [
        {"type": "page", "page": "/sv/", "detail": "Piteå"},
        {"type": "click", "page": "/sv/", "detail": "Sök bostad → /sv/housing/"},
        {"type": "search", "page": "/sv/housing/", "detail": "tenure=rental&rooms_min=3"},
        {"type": "goal", "experiment": experiment.pk, "variant": "b", "page": "/sv/", "goal": "cta:search-homes"},
    ]
    assert post(client, batch(experiment, *steps, session=session.token)).status_code == 400  # no consent yet
    session.consent_given = True
    session.save()
    assert post(client, batch(experiment, *steps, session=session.token)).status_code == 204
    assert list(session.events.values_list("kind", "path")) == [
        ("page", "/sv/"),
        ("click", "/sv/"),
        ("search", "/sv/housing/"),
        ("goal", "/sv/"),
    ]
    assert ExperimentEvent.objects.get(session=session).visitor == f"session-{session.pk}"
    session.closed = True
    session.save()
    assert post(client, batch(experiment, *steps, session=session.token)).status_code == 400
    assert SessionEvent.objects.filter(session=session).count() == 4
    other = UsabilitySession.objects.create(kommun=kommun("boden"), participant="P2", consent_given=True)
    assert post(client, batch(experiment, steps[0], session=other.token)).status_code == 400  # Boden's session
