"""The configured search backend: Elasticsearch when ELASTICSEARCH_URL is set, else the embedded one."""

from django.conf import settings


def get_backend():
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if url:
        from .elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(url)
    from .embedded import EmbeddedBackend

    return EmbeddedBackend()
