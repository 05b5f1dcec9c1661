"""What the Elasticsearch and OpenSearch backends share: the same answers as the embedded one, from a
search server.

Layout: one index per document type and language, reached through an alias
(`<prefix>-housing-sv`) that points at a concrete, timestamped index. A rebuild fills
fresh indices and then moves every alias in one atomic call, so searches keep
answering from the old indices until the new ones are complete.

Words are stemmed here, by cms.search.text (the Snowball stemmers of all six languages), and
the index holds those terms (documents' `terms`) under a whitespace analyzer, exactly as the
embedded backend matches them. So both engines read a word the same way, and every language
works on any server: Elasticsearch's distribution on Maven Central has no language analyzers (no
analysis-common module), and the `polish` analyzer's analysis-stempel plugin is not published
there at all.

While a rebuild fills its fresh indices, each alias `<alias>-next` names them, and every write
goes there as well, so what changes during the rebuild is not lost at the switch; the rebuild's
own copies are only created where such a write has not already put a newer one.

Both servers read the same REST API and query DSL (cms.search.backends.query_dsl); each official
Python client names its API calls alike and takes a request's `body` whole, so this class speaks
through `call()`, and a subclass says only what differs between the clients: how to connect, how
to tolerate a missing index, and the names of their errors.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from operator import attrgetter
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from cms.base.site_config import KNOWN_LANGUAGES

from ..documents import DOC_TYPES
from .base import SearchBackend, SearchResult, doc_types, hit
from .query_dsl import index_action, index_settings, mappings, search_request

NEXT = "-next"  # suffix of the alias naming a rebuild's fresh index while it is filled
FIRST = "-00000000000000000000"  # suffix of an alias's first index: the same name in every process


class SearchUnavailable(RuntimeError):
    """The search server could not be reached or refused us; the API answers 503 and the microsites fall back."""


class SearchRejected(SearchUnavailable):
    """The search server refused a request as malformed (a mapping conflict, a rejected query): a bug or a
    cluster set up differently, named in the message; searching is unavailable as with a stopped server."""


@dataclass(frozen=True)
class ClientErrors:
    """The exception classes of one official client, by what they mean to us."""

    unreachable: type  # no connection, a TLS failure or a timeout
    refused: tuple  # 401 and 403: the credentials
    rejected: type  # 400: a malformed request or a mapping conflict
    bulk: type  # some documents of a bulk request were refused
    answered: type  # any other error the server answered with


class ServerBackend(SearchBackend):
    """Search on a cluster of a search server: for a region larger than one machine's memory, or replicas.
    A subclass binds it to one server's official client."""

    product = "the search server"  # the server's name, in messages
    client_class: type  # the official client
    errors: ClientErrors
    bulk_helper: staticmethod  # the client's helpers.bulk: (documents written, errors)
    scan_helper: staticmethod  # the client's helpers.scan: every hit of a search, page by page

    def __init__(self, url, client=None):
        self.url = url
        self.client = client or self.connect(url)
        self.prefix = getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "norrbotten").lower()
        self._ready = set()  # aliases known to exist, so indexing checks each only once

    # --- what a client does its own way --------------------------------------------
    @classmethod
    def connect(cls, url):
        """The client for `url`: one per URL and settings, as the API builds a backend per request and
        the client holds the connection pool."""
        return _client(cls.client_class, url, tuple(sorted(cls.client_options().items())))

    @classmethod
    def client_options(cls):
        """The client's arguments for the configured credentials, CA certificate, timeout and retries."""
        raise NotImplementedError

    def call(self, api, missing_ok=False, **arguments):
        """The body (a dict) of the client's answer to `api` (a dotted name both clients share, such as
        "indices.create"); with missing_ok, a 404 for a missing index is an answer like any other."""
        raise NotImplementedError

    def bulk(self, actions, **options):
        return self.bulk_helper(self.client, actions, **options)

    @staticmethod
    def status(exc):
        """The HTTP status of a client's error."""
        raise NotImplementedError

    @staticmethod
    def error_body(exc):
        """The server's JSON error body of a client's error, or None."""
        raise NotImplementedError

    def alias(self, doc_type, language):
        return f"{self.prefix}-{doc_type}-{language}"

    # --- writing -----------------------------------------------------------------
    def index(self, documents):
        documents = list(documents)
        with self._reachable():
            self._ensure_aliases({d["doc_type"] for d in documents})
            rebuilding = self._rebuilding()
            actions = [
                *(
                    index_action(d, name)
                    for d in documents
                    for name in self._targets(self.alias(d["doc_type"], d["language"]), rebuilding)
                ),
                *self._dropped_languages(documents, rebuilding),
            ]
            self.bulk(actions, ignore_status=404, refresh=True)  # searchable at once, as on the embedded engine
        return len(documents)

    def _rebuilding(self):
        """The `-next` aliases a rebuild in progress has made: writes go to them too."""
        return set(self._aliased_indices({self.alias(t, lang) + NEXT for t in DOC_TYPES for lang in KNOWN_LANGUAGES}))

    def _targets(self, alias, rebuilding):
        return [alias, alias + NEXT] if alias + NEXT in rebuilding else [alias]

    def replace_kommun(self, kommun, documents):
        """Index the kommun's documents, then delete what of it was not among them."""
        documents = list(documents)
        self.index(documents)
        keep = [f"{d['doc_type']}-{d['object_id']}" for d in documents]
        with self._reachable():
            rebuilding = self._rebuilding()
            # Found, then deleted by id: delete_by_query needs the reindex module, which not every
            # distribution has (Elasticsearch's on Maven Central does not); a delete by id never conflicts.
            stale = self.scan_helper(
                self.client,
                index=",".join(
                    name
                    for t in DOC_TYPES
                    for lang in KNOWN_LANGUAGES
                    for name in self._targets(self.alias(t, lang), rebuilding)
                ),
                ignore_unavailable=True,
                query={
                    "_source": False,
                    "query": {
                        "bool": {"filter": [{"term": {"kommun": kommun}}], "must_not": [{"ids": {"values": keep}}]}
                    },
                },
            )
            self.bulk(
                ({"_op_type": "delete", "_index": found["_index"], "_id": found["_id"]} for found in stale),
                ignore_status=404,
                refresh=True,
            )
        return len(documents)

    def remove(self, doc_type, object_id):
        with self._reachable():
            self.bulk(
                self._deletes(doc_type, object_id, KNOWN_LANGUAGES, self._rebuilding()), ignore_status=404, refresh=True
            )

    def rebuild(self, documents):
        aliases = {self.alias(t, lang): lang for t in DOC_TYPES for lang in KNOWN_LANGUAGES}
        stamp = _timestamp()
        fresh = {alias: f"{alias}-{stamp}" for alias in aliases}
        with self._reachable():
            old = self._aliased_indices(aliases)
            try:
                for alias, index in fresh.items():
                    # The -next alias makes concurrent writes land here too (see index()).
                    self._create(index, alias + NEXT)
                # "create": where a concurrent write already put a document, it is newer than this copy.
                count, _errors = self.bulk(
                    (
                        index_action(d, fresh[self.alias(d["doc_type"], d["language"])], "create", alias=False)
                        for d in documents
                    ),
                    ignore_status=409,
                )
                self.call("indices.refresh", index=",".join(fresh.values()))
                self.call("indices.update_aliases", body={"actions": _switch(old, fresh)})
            except Exception:  # the old indices still answer; don't leave the half-built ones behind
                self.call("indices.delete", missing_ok=True, index=",".join(fresh.values()))
                raise
            stale = [index for indices in old.values() for index in indices]
            if stale:
                self.call("indices.delete", index=",".join(stale))
            self._ready.update(aliases)
        return count

    def _create(self, index, alias):
        self.call(
            "indices.create",
            index=index,
            body={"mappings": mappings(), "settings": index_settings(), "aliases": {alias: {}}},
        )

    def _ensure_aliases(self, doc_types):
        """Create any missing index of these types, in every language: indexing to a missing alias
        would make the server create a plain index of that name, with guessed mappings."""
        wanted = {self.alias(t, lang): lang for t in doc_types for lang in KNOWN_LANGUAGES}
        missing = set(wanted) - self._ready
        if not missing:
            return
        existing = self._aliased_indices(missing)
        for alias in sorted(missing - set(existing)):
            # Every process names an alias's first index alike, so two creating it at once make one
            # index (the second is told it exists) rather than one alias over two indices.
            try:
                self._create(alias + FIRST, alias)
            except self.errors.rejected as exc:
                if self._error_type(exc) != "resource_already_exists_exception":
                    raise
        self._ready.update(missing)

    def _aliased_indices(self, aliases):
        """{alias: [concrete index, ...]} for those of `aliases` that exist."""
        body = self.call("indices.get_alias", missing_ok=True, name=",".join(sorted(aliases)))
        found = {}
        for index, entry in sorted(body.items()):
            if isinstance(entry, dict):  # a 404 for some names also carries "error" and "status"
                for alias in entry.get("aliases", {}):
                    if alias in aliases:
                        found.setdefault(alias, []).append(index)
        return found

    def _dropped_languages(self, documents, rebuilding):
        """Deletes for the languages a listing no longer has: replacing a listing replaces all of it."""
        languages = {}
        for d in documents:
            languages.setdefault((d["doc_type"], d["object_id"]), set()).add(d["language"])
        for (doc_type, object_id), present in languages.items():
            yield from self._deletes(
                doc_type, object_id, [lang for lang in KNOWN_LANGUAGES if lang not in present], rebuilding
            )

    def _deletes(self, doc_type, object_id, languages, rebuilding):
        return [
            {"_op_type": "delete", "_index": name, "_id": f"{doc_type}-{object_id}"}
            for lang in languages
            for name in self._targets(self.alias(doc_type, lang), rebuilding)
        ]

    # --- reading -----------------------------------------------------------------
    def search(self, query):
        body, readers = search_request(query)
        with self._reachable():
            answer = self.call(
                "search",
                index=",".join(self.alias(t, query.language) for t in doc_types(query)),
                ignore_unavailable=True,  # nothing indexed yet: no hits rather than an error
                body=body,
            )
        aggregations = answer.get("aggregations", {})  # absent when no index exists yet
        total = answer["hits"]["total"]["value"]
        counted = {facet: read(aggregations.get(facet, {}).get("counts", {})) for facet, read in readers.items()}
        if len(query.kommuner) == 1:  # as the embedded backend: one kommun's site counts only that kommun
            counted = {"kommun": [{"value": query.kommuner[0], "count": total}], **counted}
        return SearchResult(
            total=total, hits=[hit(found["_source"]["card"], query) for found in answer["hits"]["hits"]], facets=counted
        )

    # --- errors ------------------------------------------------------------------
    @contextmanager
    def _reachable(self):
        """The client's errors as this backend's, each saying what went wrong (never the credentials)."""
        where = f"{self.product} at {_without_credentials(self.url)}"
        try:
            yield
        except self.errors.unreachable as exc:  # also TLS failures and timeouts, named by the client's message
            raise SearchUnavailable(f"{where} could not be reached: {exc}") from exc
        except self.errors.refused as exc:
            raise SearchUnavailable(
                f"{where} refused our credentials ({self.status(exc)}): "
                f"check ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME/PASSWORD."
            ) from exc
        except self.errors.rejected as exc:
            raise SearchRejected(f"{where} rejected a request: {self._reason(exc)}") from exc
        except self.errors.bulk as exc:
            raise SearchRejected(f"{where} refused {len(exc.errors)} documents, the first: {exc.errors[0]}") from exc
        except self.errors.answered as exc:
            raise SearchUnavailable(f"{where} answered {self.status(exc)}: {self._reason(exc)}") from exc

    def _reason(self, exc):
        """What the server said was wrong, from its error body."""
        body = self.error_body(exc)
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return str(error or exc)
        cause = (error.get("root_cause") or [error])[0]
        return f"{cause.get('type', error.get('type'))}: {cause.get('reason') or error.get('reason')}"

    def _error_type(self, exc):
        body = self.error_body(exc)
        error = body.get("error") if isinstance(body, dict) else None
        return error.get("type") if isinstance(error, dict) else None


@cache
def _client(client_class, url, options):
    """One client for ELASTICSEARCH_URL: a node, a load balancer, or several nodes separated by commas,
    which the client spreads requests over (and retries on another when one fails)."""
    nodes = [node.strip() for node in url.split(",") if node.strip()]
    return client_class(nodes, **dict(options))


def api_of(client, api):
    """The client's method named by a dotted API name ("indices.get_alias")."""
    return attrgetter(api)(client)


def _switch(old, fresh):
    """Alias actions moving every alias from its old indices to its fresh one, applied atomically in one call."""
    actions = []
    for alias, index in fresh.items():
        actions += [{"remove": {"index": stale, "alias": alias}} for stale in old.get(alias, [])]
        actions.append({"add": {"index": index, "alias": alias}})
        actions.append({"remove": {"index": index, "alias": alias + NEXT}})
    return actions


def _timestamp():
    """The suffix of a new concrete index: unique per rebuild, and sorts by age."""
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")


def _without_credentials(url):
    """The URL (or the comma-separated nodes) for an error message: user:password@ is left out, as that
    message gets logged."""
    shown = []
    for node in (node.strip() for node in url.split(",") if node.strip()):
        parts = urlsplit(node)
        host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname or ""
        shown.append(urlunsplit(parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host)))
    return ", ".join(shown)
