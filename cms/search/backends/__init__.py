"""The configured search backend: a search server when ELASTICSEARCH_URL is set (Elasticsearch, or
OpenSearch with SEARCH_SERVER=opensearch), else the embedded one."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

SERVERS = {
    "elasticsearch": "cms.search.backends.elasticsearch.ElasticsearchBackend",
    "opensearch": "cms.search.backends.opensearch.OpenSearchBackend",
}


def get_backend():
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if url:
        return server_backend_class()(url)
    from .embedded import EmbeddedBackend

    return EmbeddedBackend()


def server_backend_class():
    """The backend class of the server SEARCH_SERVER names."""
    server = settings.SEARCH_SERVER
    if server not in SERVERS:
        raise ImproperlyConfigured(f"SEARCH_SERVER is {server!r}; it must be one of {', '.join(SERVERS)}.")
    return import_string(SERVERS[server])
