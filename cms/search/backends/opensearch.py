"""The OpenSearch backend: cms.search.backends.server through OpenSearch's official client, opensearch-py (3.x).

Chosen with SEARCH_SERVER=opensearch; it reads the same ELASTICSEARCH_* connection settings. Many public
bodies pick OpenSearch for its licence (Apache 2.0)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from opensearchpy import AuthenticationException, AuthorizationException, OpenSearch, RequestError, TransportError
from opensearchpy import ConnectionError as OsConnectionError
from opensearchpy.helpers import BulkIndexError, bulk, scan

from .server import ClientErrors, ServerBackend, api_of


class OpenSearchBackend(ServerBackend):
    """Search on an OpenSearch 3 cluster."""

    name = "opensearch"
    product = "OpenSearch"
    client_class = OpenSearch
    errors = ClientErrors(
        unreachable=OsConnectionError,
        refused=(AuthenticationException, AuthorizationException),
        rejected=RequestError,
        bulk=BulkIndexError,
        answered=TransportError,  # also the parent of ConnectionError, which is caught first
    )
    bulk_helper = staticmethod(bulk)
    scan_helper = staticmethod(scan)

    @classmethod
    def client_options(cls):
        if settings.ELASTICSEARCH_API_KEY:
            raise ImproperlyConfigured(
                "OpenSearch takes no API key (ELASTICSEARCH_API_KEY is set): "
                "set ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD instead."
            )
        options = {
            "timeout": settings.ELASTICSEARCH_TIMEOUT,
            "max_retries": settings.ELASTICSEARCH_RETRIES,
            "retry_on_timeout": True,
            "pool_maxsize": 10,  # urllib3 keeps one connection by default; a threaded server shares the client
        }
        if settings.ELASTICSEARCH_USERNAME:
            options["http_auth"] = (settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD)
        if settings.ELASTICSEARCH_CA_CERTS:
            options["ca_certs"] = settings.ELASTICSEARCH_CA_CERTS
        return options

    def call(self, api, missing_ok=False, **arguments):
        return api_of(self.client, api)(**arguments, **({"ignore": 404} if missing_ok else {}))

    @staticmethod
    def status(exc):
        return exc.status_code

    @staticmethod
    def error_body(exc):
        return exc.info if isinstance(exc.info, dict) else None
