"""Schemathesis generates requests from the API's own OpenAPI document and checks the
answers against it: no 5xx, only documented status codes, bodies matching the schema.

Driven through Hypothesis directly: schemathesis's pytest plugin does not run under pytest 9.
"""
import pytest
import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

pytestmark = pytest.mark.django_db
ENDPOINTS = ["/api/search/housing", "/api/search/activities", "/api/search/jobs", "/api/search/site"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_fuzzing_the_search_api(path, settings):
    from django.core.wsgi import get_wsgi_application

    settings.SEARCH_RATE_LIMIT = 0  # the fuzzer is one very busy client
    schema = schemathesis.openapi.from_wsgi("/api/search/openapi.json", get_wsgi_application())
    operation = schema[path]["GET"]

    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        # OpenAPI 3.0 cannot say "within_km needs near"; such a request rightly gets a 400 naming it.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()
