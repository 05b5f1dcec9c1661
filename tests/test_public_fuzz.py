"""Schemathesis against the write endpoints of the public service (the events, the two forms, the erasure link).

Their OpenAPI paths are derived from the pydantic batch and the Django forms that validate
them (cms.base.public_openapi). Every check runs but one: a schema-valid request may rightly be
refused here, because what decides it is state no schema holds (a running experiment with that
id, a date that has not passed yet, a kommun's published form page in that language).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.test_search_fuzz import wsgi_app  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(published_sites, settings):
    settings.PUBLISHED_SITES_ROOT = published_sites[0] / "public"


@pytest.mark.parametrize("path", ["/api/events", "/api/activities/submit", "/api/contact"])
def test_fuzzing_the_write_endpoints(path, published, wsgi_app):  # noqa: F811
    schema = schemathesis.openapi.from_wsgi("/api/search/openapi.json", wsgi_app)
    operation = schema[path]["POST"]

    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_fuzzing_the_erasure_link(method, published, wsgi_app, settings):  # noqa: F811
    """No token the fuzzer makes up erases anything or errs: each answers "nothing to erase"."""
    settings.PUBLIC_FORM_RATE_LIMIT = 0  # the fuzzer is one very busy client
    schema = schemathesis.openapi.from_wsgi("/api/search/openapi.json", wsgi_app)
    operation = schema["/privacy/{kommun}/{language}/{token}"][method]

    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()
