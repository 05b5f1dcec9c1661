"""Schemathesis generates requests from the API's own OpenAPI document and checks the
answers against it with all its checks: no 5xx, only documented status codes, bodies matching
the schema, valid requests accepted (the document says which parameters need `near`),
unknown methods refused with 405. The API only reads, so there is no state to walk.

Driven through Hypothesis directly: schemathesis's pytest plugin does not run under pytest 9.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

pytestmark = pytest.mark.django_db
ENDPOINTS = ["/api/search/housing", "/api/search/activities", "/api/search/jobs", "/api/search/site"]


@pytest.fixture
def wsgi_app():
    """Django's WSGI app inside the test's transaction. As Django's own test client does, the
    request signals must not close the connection (on PostgreSQL that would end the transaction)."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_fuzzing_the_search_api(path, settings, wsgi_app):
    settings.SEARCH_RATE_LIMIT = 0  # the fuzzer is one very busy client
    schema = schemathesis.openapi.from_wsgi("/api/search/openapi.json", wsgi_app)
    operation = schema[path]["GET"]

    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate()

    check()
