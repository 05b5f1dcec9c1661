"""The public forms in a real browser, as a visitor on a phone uses them: without JavaScript (the public
service answers with the microsite's own page), with it (the answer appears in place), at 320 px, with
axe-core's WCAG 2.1 AA rules on the form, its errors and its thank-you."""

import re
import threading
from pathlib import Path

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connections

from tests.live_server import serving
from tests.test_web import AXE

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_connection():
    """Requests in other threads use this test's database connection, so what they write is in the test's
    transaction (and rolled back after it), as Django's live server does for an in-memory SQLite database."""
    connection = connections["default"]
    connection.inc_thread_sharing()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)

    def run(function):
        """Call `function` in a thread on the shared connection (the test's own thread runs the browser's loop)."""
        result = {}

        def target():
            connections["default"] = connection
            result["value"] = function()

        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
        return result["value"]

    yield connection, run
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    connection.dec_thread_sharing()


@pytest.fixture
def site(published_sites, settings, monkeypatch, shared_connection):
    """`build.py --serve`: the published sites by host name, with the public service beside them."""
    from cms.sitebuild import serve

    connection, run = shared_connection
    public = (Path(published_sites[0]) / "public").resolve()
    settings.ROOT_URLCONF = "cms.sitebuild.serve"
    settings.PUBLISHED_SITES_ROOT = public
    monkeypatch.setattr(serve, "PUBLIC", public)

    class App(WSGIHandler):
        def __call__(self, environ, start_response):
            connections["default"] = connection
            return super().__call__(environ, start_response)

    with serving(App()) as url:
        yield url, run


def accessible(page, browser=None):
    """axe-core's WCAG 2.1 A/AA violations and any overflow of the 320 px viewport. A page seen without
    JavaScript is checked as a copy in a `browser` page that runs it (axe is a script)."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if browser is not None:
        copy = browser.new_page(viewport={"width": 320, "height": 640})
        copy.set_content(page.content())
        try:
            return accessible(copy) + ([f"wider than 320 px by {overflow} px"] if overflow > 0 else [])
        finally:
            copy.close()
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    problems = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"]]
    return problems + ([f"wider than 320 px by {overflow} px"] if overflow > 0 else [])


def fill_activity(page, title):
    page.fill("#title", title)
    page.fill("#description", "Vi går runt Pitsundet och fikar efteråt.")
    page.select_option("#category", "outdoors")
    page.fill("#date", "2030-06-01")
    page.fill("#start_time", "10:00")
    page.fill("#end_time", "12:00")
    page.fill("#place", "Badhusparken")
    page.fill("#organiser", "Friluftsfrämjandet Piteå")
    page.check("input[name=audience][value=families]")
    page.check("input[name=languages][value=sv]")
    page.fill("#name", "Anna Andersson")


def test_the_activity_form_works_without_javascript_at_320px(site, browser):
    url, run = site
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{url}/sv/activities/")
    page.click("text=Tipsa om en aktivitet")
    assert page.url.endswith("/sv/activities/submit/")
    assert accessible(page, browser) == []

    fill_activity(page, "")
    page.fill("#email", "anna.example.org")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/api/activities/submit\?kommun=pitea&language=sv$"))
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert "”Aktivitetens namn” är tomt; fyll i det." in summary.inner_text()
    described = page.locator("#email").get_attribute("aria-describedby")
    assert page.locator(f"#{described}").inner_text().startswith("”Din e-postadress” är inte en e-postadress")
    assert page.input_value("#place") == "Badhusparken"  # what the visitor typed is kept
    assert accessible(page, browser) == []

    page.fill("#title", "Promenad runt Pitsundet")
    page.fill("#email", "anna@example.org")
    page.click("button[type=submit]")
    assert "Tack! Din aktivitet är på väg" in page.locator(".done").inner_text()
    assert page.locator("nav.languages").count() == 1  # the microsite's own page
    assert page.locator(".done a[href*='/privacy/pitea/sv/']").count() == 1
    assert accessible(page, browser) == []
    context.close()

    from cms.activities.models import Activity

    pending = run(
        lambda: list(
            Activity.objects.filter(translations__title="Promenad runt Pitsundet").values_list(
                "moderation_status", "live", "submission__email"
            )
        )
    )
    assert pending == [("pending", False, "anna@example.org")]


def test_the_contact_form_answers_in_place_with_javascript(site, browser):
    url, run = site
    page = browser.new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(f"{url}/de/")
    page.click("footer >> text=Kontakt")
    assert page.url.endswith("/de/contact/")
    page.wait_for_load_state("load")  # forms.js (deferred) listens for the submit from here on
    assert accessible(page) == []

    page.click("button[type=submit]")  # nothing filled in
    page.wait_for_selector(".error-summary")
    assert page.url.endswith("/de/contact/")  # answered in place
    assert page.evaluate("() => document.activeElement.className") == "error-summary"
    assert "„Ihre E-Mail-Adresse“ ist leer" in page.locator(".error-summary").inner_text()
    assert accessible(page) == []

    page.check("input[name=interests][value=housing]")
    page.check("input[name=interests][value=school]")
    page.select_option("#moving", "year")
    page.fill("#email", "jonas@example.de")
    page.fill("#message", "Wir suchen ein Haus mit Garten.")
    page.click("button[type=submit]")
    page.wait_for_selector(".done")
    assert page.url.endswith("/de/contact/")
    assert "Vielen Dank: Ihre Nachricht ist bei unserer Ansprechperson" in page.locator(".done").inner_text()
    assert page.evaluate("() => document.activeElement.className") == "done"
    assert accessible(page) == []

    from cms.contact.models import ContactRequest

    stored = run(
        lambda: list(
            ContactRequest.objects.filter(email="jonas@example.de").values_list("language", "interests", "moving")
        )
    )
    assert stored == [("de", ["housing", "school"], "year")]


def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order(site, browser):
    url, _run = site
    page = browser.new_page()
    page.goto(f"{url}/sv/contact/")
    box = page.locator("#website").bounding_box()
    assert box["x"] + box["width"] <= 0  # off-screen, yet in the page for robots
    page.focus("#phone")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") != "website"
    assert page.evaluate("() => document.activeElement.tagName") in ("A", "BUTTON")
