"""The Elasticsearch backend: cms.search.backends.server through Elasticsearch's official client (9.x)."""

from django.conf import settings
from elasticsearch import ApiError, AuthenticationException, AuthorizationException, BadRequestError, Elasticsearch
from elasticsearch import ConnectionError as EsConnectionError
from elasticsearch.helpers import BulkIndexError, bulk, scan

from .server import ClientErrors, SearchRejected, SearchUnavailable, ServerBackend, api_of

__all__ = ["ElasticsearchBackend", "SearchRejected", "SearchUnavailable"]


class ElasticsearchBackend(ServerBackend):
    """Search on an Elasticsearch 9 cluster."""

    name = "elasticsearch"
    product = "Elasticsearch"
    client_class = Elasticsearch
    errors = ClientErrors(
        unreachable=EsConnectionError,
        refused=(AuthenticationException, AuthorizationException),
        rejected=BadRequestError,
        bulk=BulkIndexError,
        answered=ApiError,
    )
    bulk_helper = staticmethod(bulk)
    scan_helper = staticmethod(scan)

    @classmethod
    def client_options(cls):
        options = {
            "request_timeout": settings.ELASTICSEARCH_TIMEOUT,
            "max_retries": settings.ELASTICSEARCH_RETRIES,
            "retry_on_timeout": True,
        }
        if settings.ELASTICSEARCH_API_KEY:
            options["api_key"] = settings.ELASTICSEARCH_API_KEY
        elif settings.ELASTICSEARCH_USERNAME:
            options["basic_auth"] = (settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD)
        if settings.ELASTICSEARCH_CA_CERTS:
            options["ca_certs"] = settings.ELASTICSEARCH_CA_CERTS
        return options

    def call(self, api, missing_ok=False, **arguments):
        client = self.client.options(ignore_status=404) if missing_ok else self.client
        return api_of(client, api)(**arguments).body

    @staticmethod
    def status(exc):
        return exc.meta.status

    @staticmethod
    def error_body(exc):
        return exc.body
