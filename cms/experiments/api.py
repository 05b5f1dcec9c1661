"""`POST /api/events`: where the microsites send experiment and usability-session events.

Write-only and anonymous: it answers 204 with no body, stores no address, user agent or
cookie, and refuses what it cannot trust: a body over EVENTS_MAX_BYTES (413), a flood from
one client (429), a page of a foreign origin (403), and anything that is not a valid batch
for a running experiment or an open session of that site (400, naming what is wrong).
A batch is stored whole or not at all. Crawlers are answered 204 and not counted.
"""

import json

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from pydantic import ValidationError

from cms.base.models import Kommun
from cms.base.public_endpoints import body_too_large, origin_refused, rate_limited, site_unavailable, with_cors

from .models import Experiment, ExperimentEvent, ExperimentStatus, GoalKind, SessionEvent, UsabilitySession
from .schema import Batch


class Refused(Exception):
    """A batch that cannot be stored; the message says why, in a sentence."""


def _answer(request, status, message=None):
    response = JsonResponse({"error": message}, status=status) if message else HttpResponse(status=status)
    return with_cors(request, response, methods="POST")


def _is_crawler(request):
    agent = request.headers.get("User-Agent", "")
    return not agent or CrawlerDetect(user_agent=agent).isCrawler()


@csrf_exempt  # anonymous, no cookies: see cms.base.public_endpoints
@require_http_methods(["POST", "OPTIONS"])
def events(request):
    if request.method == "OPTIONS":
        return _answer(request, 204)
    limit = settings.EVENTS_MAX_BYTES
    if body_too_large(request, limit):
        return _answer(request, 413, f"An event batch may be at most {limit} bytes.")
    if origin_refused(request):
        return _answer(request, 403, "Events are accepted from the microsites only.")
    if rate_limited(request, "events", settings.EVENTS_RATE_LIMIT):
        return _answer(request, 429, "Too many events from this client; wait a minute.")
    body = request.read(limit + 1)
    if len(body) > limit:
        return _answer(request, 413, f"An event batch may be at most {limit} bytes.")
    try:
        batch = Batch.model_validate(json.loads(body))
    except (ValueError, RecursionError) as exc:  # a few KB of nested brackets is deeper than Python's stack
        return _answer(request, 400, _describe(exc))
    unavailable = site_unavailable(request, [batch.site], methods="POST")
    if unavailable:
        return unavailable
    if _is_crawler(request):
        return _answer(request, 204)
    try:
        store(batch)
    except Refused as exc:
        return _answer(request, 400, str(exc))
    return _answer(request, 204)


def _describe(exc):
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "the batch"
        return f"The event batch is not valid: {where}: {error['msg'].removeprefix('Value error, ')}."
    if isinstance(exc, RecursionError):
        return "The event batch nests deeper than any batch does; it is not read."
    return "The event batch is not valid JSON."


@transaction.atomic
def store(batch):
    """Check a valid batch against the CMS and store it; raise Refused (storing nothing) if it does not fit."""
    kommun = Kommun.objects.filter(slug=batch.site).first()
    if kommun is None:
        raise Refused(f"There is no microsite called {batch.site}.")
    session = None
    if batch.session is not None:
        session = UsabilitySession.objects.filter(token=batch.session, kommun=kommun).first()
        if session is None or not session.accepts_events:
            raise Refused("The usability session is unknown, closed, or its participant has not agreed yet.")
    experiments = {}
    rows, steps = [], []
    for event in batch.events:
        if event.type in ("exposure", "goal"):
            if event.experiment not in experiments:
                experiments[event.experiment] = _running(event.experiment, kommun)
            experiment = experiments[event.experiment]
            if event.variant not in experiment.keys:
                raise Refused(f"The experiment {experiment.pk} has no variant {event.variant}.")
            if event.type == "goal" and not _is_goal(experiment, event.goal):
                raise Refused(f"{event.goal} is not the goal of the experiment {experiment.pk}.")
            visitor = event.visitor if session is None else f"session-{session.pk}"
            rows.append(
                ExperimentEvent(
                    experiment=experiment, variant=event.variant, kind=event.type, visitor=visitor, session=session
                )
            )
        if session is not None and event.type != "exposure":
            detail = event.detail if event.type != "goal" else event.goal
            steps.append(
                SessionEvent(
                    session=session, kind=event.type, path=event.page, detail=detail[:200], variant=event.variant or ""
                )
            )
    ExperimentEvent.objects.bulk_create(rows)
    SessionEvent.objects.bulk_create(steps)


def _running(pk, kommun):
    experiment = Experiment.objects.filter(pk=pk, kommun=kommun).prefetch_related("variants").first()
    if experiment is None:
        raise Refused(f"The microsite has no experiment {pk}.")
    if experiment.status != ExperimentStatus.RUNNING:
        raise Refused(f"The experiment {pk} is not running; it counts nothing now.")
    experiment.keys = {variant.key for variant in experiment.variants.all()}
    return experiment


def _is_goal(experiment, goal):
    if experiment.goal_kind == GoalKind.CALL_TO_ACTION:
        return goal == f"cta:{experiment.goal_name}"
    return goal == experiment.goal_kind
