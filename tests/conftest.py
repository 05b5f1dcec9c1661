"""Test database set up once per session: all 14 sites, demo content for two kommuner.

Loading the whole demo takes minutes; Piteå and Boden are enough to exercise every
content type, and the 14 sites with their editors exist for the permission walk.
"""

import contextlib
import shutil

import pytest
from django.core.management import call_command

DEMO_KOMMUNER = ["pitea", "boden"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, search_server_indices_of_this_run):
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    # pytest-django creates the test database only when a selected test is marked
    # django_db; without one this would load the demo into the real database.
    assert "test" in name or "memory" in name, (
        f"Refusing to load demo content into {name}: mark the tests that need the database with django_db."
    )
    with django_db_blocker.unblock():
        call_command("load_demo", *[f"--kommun={slug}" for slug in DEMO_KOMMUNER], verbosity=0)


@pytest.fixture
def kommun(db):
    from cms.base.models import Kommun

    return lambda slug: Kommun.objects.get(slug=slug)


@pytest.fixture
def editor_client(client, db):
    """A test client with the session of `editor-<slug>`."""
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    def login(slug):
        user = get_user_model().objects.get(username=f"editor-{slug}")
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"  # assertions read the admin's messages in English
        profile.save()
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session")
def published_sites(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo kommuner built and published once: (output root, build report)."""
    from cms.sitebuild import pipeline

    root = tmp_path_factory.mktemp("published")
    with django_db_blocker.unblock():
        report = pipeline.run(root, kommuner=DEMO_KOMMUNER, publish=True, jobs=1)
    assert not report.failed, [r.problems for r in report.failed]
    return root, report


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def chromium():
    """Debian's chromium, driven by Playwright. Its sync API runs an event loop while it is
    open, in which Django refuses database calls: query before or after, not during."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def browser():
    """Chromium for one test: it opens after the db fixture's transaction begins and closes
    before it ends."""
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session", autouse=True)
def search_server_indices_of_this_run():
    """Where ELASTICSEARCH_URL is set (tests/search_server.py sets it), this run's indices get a
    prefix of their own, and only those are deleted at the end: a deployment's indices are never touched."""
    import os
    import secrets

    from django.conf import settings

    if not os.environ.get("ELASTICSEARCH_URL"):
        yield
        return
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{secrets.token_hex(4)}"
    yield
    from cms.search.backends import get_backend

    delete_indices_of(get_backend())


def delete_indices_of(backend):
    """Delete every index under the backend's prefix."""
    created = backend.call("indices.get", missing_ok=True, index=f"{backend.prefix}-*")
    if created:
        backend.call("indices.delete", index=",".join(created))


@pytest.fixture(scope="module", autouse=True)
def search_server_index_of_the_database(request):
    """Where the search suite runs on a search server: each module starts from an index of the demo
    database. The database rolls back after every test; a search server's index does not, so an
    earlier module's deletes and edits would otherwise linger there."""
    import os

    if not os.environ.get("ELASTICSEARCH_URL") or request.module.__name__.split(".")[-1] not in SEARCH_MODULES:
        yield
        return
    from cms.search.backends import get_backend
    from cms.search.documents import all_documents

    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        get_backend().rebuild(all_documents())
    yield


SEARCH_MODULES = {"test_search_api", "test_search_page", "test_search_fuzz"}
SEARCH_SERVER_COMMAND = "python tests/search_server.py elasticsearch .venv/bin/pytest -ra tests/test_search_contract.py tests/test_search_server.py"
#: Per run, what was deselected and why: (the sentence the summary says, the tests' ids).
DESELECTED = pytest.StashKey[list]()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "search_server: needs a search server (ELASTICSEARCH_URL); deselected where none is set"
    )
    config.addinivalue_line(
        "markers", "database_server: needs a database server (PostgreSQL's DATABASE_URL); deselected on SQLite"
    )
    config.addinivalue_line(
        "markers",
        "static_output: looks only at the static build's output (chromium, the Nu HTML Checker), which the database "
        "does not change (tests/test_golden.py builds the same bytes on both); deselected on PostgreSQL",
    )
    config.addinivalue_line(
        "markers",
        "build_output: looks at what the build makes of content (its pages, feeds and manifest, the site's files, "
        "the pages in chromium); the build reads the CMS through the ORM alone, and tests/test_golden.py, "
        "tests/test_build.py and tests/test_incremental_publish.py run it on PostgreSQL; deselected on PostgreSQL",
    )
    config.addinivalue_line(
        "markers",
        "own_database: runs on a SQLite database of its own, whatever DATABASE_URL says, so a PostgreSQL run would "
        "repeat it unchanged; deselected on PostgreSQL",
    )
    config.addinivalue_line(
        "markers",
        "no_search_server: asks nothing of a search server (the embedded engine's own case, or no search at all); "
        "deselected in the search-server runs, the SQLite and PostgreSQL runs run it",
    )
    config.stash[DESELECTED] = []


def pytest_collection_modifyitems(config, items):
    """Each run deselects (never skips) what another run of .ci/run covers or what needs a server this run lacks,
    and its summary names those tests and says where they run: every run reports what it ran, and no skip hides
    in CI's log."""
    import os

    on_postgresql = os.environ.get("DATABASE_URL", "").startswith("postgres")
    on_search_server = bool(os.environ.get("ELASTICSEARCH_URL"))
    if not on_postgresql:
        _deselect(
            config,
            items,
            "database_server",
            "need a database server and were deselected on SQLite; the PostgreSQL run of .ci/run runs them",
        )
    else:
        _deselect(
            config,
            items,
            "static_output",
            "look only at the static build's output, which the database does not change, and were deselected on "
            "PostgreSQL; the SQLite run of .ci/run runs them",
        )
        _deselect(
            config,
            items,
            "build_output",
            "look at what the build makes of content, which it reads through the ORM alone (the golden, build and "
            "incremental publish tests run the build on PostgreSQL), and were deselected on PostgreSQL; the SQLite run "
            "of .ci/run runs them",
        )
        _deselect(
            config,
            items,
            "own_database",
            "run on a SQLite database of their own and were deselected on PostgreSQL, which they would repeat "
            "unchanged; the SQLite run of .ci/run runs them",
        )
    if on_search_server:
        _deselect(
            config,
            items,
            "no_search_server",
            "ask nothing of the search server and were deselected in this search-server run; the SQLite and "
            "PostgreSQL runs of .ci/run run them",
        )
    else:
        _deselect(
            config,
            items,
            "search_server",
            "need a search server (ELASTICSEARCH_URL) and were deselected; run them against Elasticsearch or "
            f"OpenSearch from Maven Central with: {SEARCH_SERVER_COMMAND} (or `opensearch`), as .ci/run does",
        )


def _deselect(config, items, marker, why):
    """Take the tests marked `marker` out of this run, and remember them for the summary."""
    chosen = [item for item in items if item.get_closest_marker(marker)]
    if chosen:
        config.hook.pytest_deselected(items=chosen)
        items[:] = [item for item in items if not item.get_closest_marker(marker)]
        config.stash[DESELECTED].append((why, [item.nodeid for item in chosen]))


def pytest_terminal_summary(terminalreporter, config):
    """Name every deselected test, grouped by module, under the sentence that says why and where it runs."""
    for why, nodeids in config.stash.get(DESELECTED, []):
        terminalreporter.write_line(f"{len(nodeids)} tests {why}:")
        modules = {}
        for nodeid in nodeids:
            module, _, name = nodeid.partition("::")
            modules.setdefault(module, []).append(name)
        for module, names in modules.items():
            terminalreporter.write_line(f"  {module}: {', '.join(names)}")
