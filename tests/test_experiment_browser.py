"""An experiment on Piteå's home page as a visitor's browser meets it (Debian's chromium via Playwright).

The site is built by the real pipeline and served with the real public service (the events
endpoint included) in other threads, each with its own database connection. So the
experiment and the session are committed rather than kept in a test transaction (and
removed when the module ends), and the tests read what the server stored from another
thread too (`committed`). The browser gets an ordinary desktop user agent: headless
chromium's own is a crawler's, which the endpoint rightly does not count.
"""

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import chromium
from tests.live_server import serving

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
A_HEADLINE = "Piteå – förändra världen och hinn ändå till stranden"
B_HEADLINE = "Jobs first (sv)"
#: Records every write to localStorage, sessionStorage and document.cookie, before the page's own scripts run.
WATCH_WRITES = """
window.__writes = [];
const setItem = Storage.prototype.setItem;
Storage.prototype.setItem = function (key, value) { window.__writes.push(key); return setItem.apply(this, arguments); };
const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
Object.defineProperty(document, "cookie", {get() { return cookie.get.call(document); },
  set(value) { window.__writes.push("cookie"); cookie.set.call(document, value); }});
"""


pytestmark = pytest.mark.django_db  # the test database; this module's own data is committed, see above


def committed(function):
    """Run `function` in a thread of its own: its own connection, outside the test's transaction."""

    def run():
        try:
            return function()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def eventually(read, wanted, seconds=15):
    """Poll `read` (from another thread, so while the browser is open too) until `wanted(result)`.

    A goal's beacon leaves with the click and lands while the next page loads; the browser
    reports no response for a document it has already left, so the database is asked."""
    deadline = time.monotonic() + seconds
    while True:
        result = read()
        if wanted(result) or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def random_is(value):
    """An init script fixing Math.random, so the picker's draw is known (0.9 picks B, 0.1 picks A)."""
    return f"Math.random = () => {value};"


def editor_starts_an_experiment_and_a_session():
    """What the issue's Piteå editor does in the admin: an experiment on the home page with a new
    hero headline, started from its results page; a usability session for variant B, with the
    participant's consent recorded. Returns the experiment and the session."""
    from django.contrib.auth import get_user_model
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from cms.base.models import Kommun
    from cms.experiments.models import Experiment, UsabilitySession

    pitea = Kommun.objects.get(slug="pitea")
    client = Client()
    client.force_login(get_user_model().objects.get(username="editor-pitea"))
    experiments, sessions = Experiment.snippet_viewset, UsabilitySession.snippet_viewset
    headline = [
        ("headline", {"language": code, "headline": f"Jobs first ({code})", "intro": ""}) for code in ("sv", "en")
    ]
    response = client.post(
        reverse(experiments.get_url_name("add")),
        nested_form_data(
            {
                "kommun": pitea.pk,
                "page": pitea.site.root_page.pk,
                "name": "Jobs headline",
                "hypothesis": "",
                "status": "draft",
                "goal_kind": "cta",
                "goal_name": "search-homes",
                "goal_page": "",
                "baseline_rate": "10",
                "minimum_effect": "5",
                "variants": inline_formset(
                    [
                        {"name": "Today's page", "weight": "50", "changes": streamfield([])},
                        {"name": "Jobs first", "weight": "50", "changes": streamfield(headline)},
                    ]
                ),
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    experiment = Experiment.objects.get(kommun=pitea, name="Jobs headline")
    client.post(reverse(experiments.get_url_name("status"), args=[experiment.pk]), {"status": "running"})
    response = client.post(
        reverse(sessions.get_url_name("add")),
        nested_form_data(
            {
                "kommun": pitea.pk,
                "participant": "P1",
                "language": "sv",
                "experiment": experiment.pk,
                "variant": f"{experiment.pk}.b",
                "start_page": "",
                "scheduled_for": "",
                "facilitator": "",
                "tasks": inline_formset([{"text": "Find a three-room flat under 9,000 SEK near a school"}]),
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    session = UsabilitySession.objects.get(kommun=pitea, participant="P1")
    client.post(reverse(sessions.get_url_name("observe"), args=[session.pk]), {"action": "consent"})
    experiment.refresh_from_db()
    session.refresh_from_db()
    assert experiment.status == "running" and session.consent_given
    return experiment, session


def experiments_with_other_goals():
    """Two more running tests of Piteå's pages: the nature page's goal is the contact form sent,
    a story's goal is reaching the move guide."""
    from wagtail.models import Page

    from cms.base.models import Kommun
    from cms.experiments.models import Experiment, Variant

    pitea = Kommun.objects.get(slug="pitea")
    pages = {
        page.slug: page
        for page in Page.objects.descendant_of(pitea.site.root_page).filter(
            slug__in=["nature", "pizza-shopping-and-yoga", "move-guide"]
        )
    }
    made = []
    for slug, goal in (
        ("nature", {"goal_kind": "contact"}),
        ("pizza-shopping-and-yoga", {"goal_kind": "page", "goal_page": pages["move-guide"]}),
    ):
        experiment = Experiment(kommun=pitea, page=pages[slug], name=f"Goal test on {slug}", status="running", **goal)
        experiment.variants = [
            Variant(name="A", weight=50),
            Variant(
                name="B", weight=50, changes=[("headline", {"language": "sv", "headline": f"B: {slug}", "intro": ""})]
            ),
        ]
        experiment.full_clean()
        experiment.save()
        made.append(experiment)
    return made


@pytest.fixture(scope="module")
def live(django_db_setup, django_db_blocker, tmp_path_factory):
    from cms.contact.models import ContactRequest
    from cms.sitebuild import pipeline, serve

    root = tmp_path_factory.mktemp("experiment-site")
    with django_db_blocker.unblock():
        experiment, session = editor_starts_an_experiment_and_a_session()
        others = experiments_with_other_goals()
        report = pipeline.run(root, kommuner=["pitea"], publish=True, jobs=1)  # what `build.py --publish` runs nightly
        assert not report.failed, report.failed[0].problems if report.failed else ""
    public = (root / "public").resolve()
    previous_public = serve.PUBLIC
    serve.PUBLIC = public
    with override_settings(ROOT_URLCONF="cms.sitebuild.serve", PUBLISHED_SITES_ROOT=public):
        with serving(StaticFilesHandler(WSGIHandler())) as url:  # the admin's own styles and scripts too
            yield {"url": url, "experiment": experiment, "session": session, "others": others}
    serve.PUBLIC = previous_public
    with django_db_blocker.unblock():
        session.delete()
        experiment.delete()
        for other in others:
            other.delete()
        ContactRequest.objects.filter(email="goal-test@example.org").delete()
    cache.clear()


@pytest.fixture
def events(live):
    """A reader of the experiment's and session's stored events; none are stored when the test begins."""
    from cms.experiments.models import ExperimentEvent, SessionEvent

    def clear():
        ExperimentEvent.objects.filter(experiment=live["experiment"]).delete()
        SessionEvent.objects.filter(session=live["session"]).delete()

    committed(clear)
    cache.clear()

    def read():
        return committed(
            lambda: (
                list(
                    ExperimentEvent.objects.filter(experiment=live["experiment"])
                    .order_by("pk")
                    .values_list("kind", "variant", "visitor", "session_id")
                ),
                list(
                    SessionEvent.objects.filter(session=live["session"])
                    .order_by("pk")
                    .values_list("kind", "path", "detail")
                ),
            )
        )

    return read


def visitor(browser, *scripts, javascript=True):
    context = browser.new_context(user_agent=USER_AGENT, java_script_enabled=javascript)
    for script in scripts:
        context.add_init_script(script)
    page = context.new_page()
    sent = []
    page.on("request", lambda request: sent.append(request) if "/api/events" in request.url else None)
    return context, page, sent


def headline(page):
    return page.locator("main h1").filter(visible=True).inner_text()


def storage(page):
    return page.evaluate("() => [Object.assign({}, localStorage), Object.assign({}, sessionStorage)]")


def test_before_consent_nothing_is_stored_and_nothing_is_sent(live, events):
    with chromium() as browser:
        context, page, sent = visitor(browser, WATCH_WRITES, random_is(0.9))
        page.goto(f"{live['url']}/sv/")
        assert headline(page) == B_HEADLINE  # a fresh draw for this page view
        prompt = page.get_by_role("complementary", name="Hjälp oss att göra webbplatsen bättre")
        assert prompt.is_visible()
        assert prompt.get_by_role("button", name="Ja, jag deltar").is_visible()
        writes = page.evaluate("() => window.__writes")
        assert writes == [] and storage(page) == [{}, {}]

        other, second, _ = visitor(browser, WATCH_WRITES, random_is(0.1))
        second.goto(f"{live['url']}/sv/")
        assert headline(second) == A_HEADLINE  # another page view, another draw, nothing remembered
        other.close()

        page.locator('[data-variant="b"] a[data-goal="search-homes"]').click()  # the goal, before agreeing
        page.wait_for_url("**/sv/housing/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__writes") == [] and storage(page) == [{}, {}]
        assert context.cookies() == [] and sent == []
        context.close()
    assert events() == ([], [])


def test_after_consent_the_variant_sticks_and_the_goal_is_counted(live, events):
    from cms.experiments import results

    with chromium() as browser:
        context, page, sent = visitor(browser, random_is(0.9))
        page.goto(f"{live['url']}/sv/")
        with page.expect_response("**/api/events") as exposure:
            page.get_by_role("button", name="Ja, jag deltar").click()
        assert exposure.value.status == 204
        assert not page.get_by_role("complementary", name="Hjälp oss att göra webbplatsen bättre").is_visible()
        local, _session = storage(page)
        assert local["nb-consent"] == "yes" and json.loads(local["nb-ab"])[str(live["experiment"].pk)]["v"] == "b"
        assert context.cookies() == []

        context.add_init_script(random_is(0.1))  # a later draw would pick A: the stored B must win
        with page.expect_response("**/api/events"):
            page.reload()
        assert headline(page) == B_HEADLINE
        with page.expect_request("**/api/events"):
            page.locator('[data-variant="b"] a[data-goal="search-homes"]').click()
        page.wait_for_url("**/sv/housing/")
        stored, steps = eventually(events, lambda found: len(found[0]) == 3)
        context.close()
    assert [(kind, variant) for kind, variant, _visitor, _session in stored] == [
        ("exposure", "b"),
        ("exposure", "b"),
        ("goal", "b"),
    ]
    assert len({visitor for _kind, _variant, visitor, _session in stored}) == 1 and steps == []
    analysis = committed(lambda: results.analysis(live["experiment"]))
    assert [(r.key, r.visitors, r.conversions) for r in analysis.variants] == [("a", 0, 0), ("b", 1, 1)]


def test_refusing_is_one_click_and_is_remembered_only_as_that(live, events):
    with chromium() as browser:
        context, page, sent = visitor(browser, random_is(0.9))
        page.goto(f"{live['url']}/sv/")
        page.get_by_role("button", name="Nej tack").click()
        assert storage(page) == [{"nb-consent": "no"}, {}]
        page.reload()
        assert headline(page) == A_HEADLINE  # no experiment for those who said no
        assert not page.get_by_role("complementary", name="Hjälp oss att göra webbplatsen bättre").is_visible()
        page.locator('[data-variant="a"] a[data-goal="search-homes"]').click()
        page.wait_for_url("**/sv/housing/")
        assert sent == [] and context.cookies() == []
        context.close()
    assert events() == ([], [])


def test_without_javascript_everyone_sees_the_page_as_published(live):
    with chromium() as browser:
        context, page, _sent = visitor(browser, javascript=False)
        page.goto(f"{live['url']}/sv/")
        assert headline(page) == A_HEADLINE
        assert page.locator("main h1").count() == 2 and not page.get_by_text(B_HEADLINE).is_visible()
        assert not page.locator("[data-ab-consent]").is_visible()
        context.close()


def test_an_editors_preview_shows_the_variant_and_counts_nothing(live, events):
    with chromium() as browser:
        context, page, sent = visitor(browser, random_is(0.1))
        page.goto(f"{live['url']}/sv/#nb-preview=b")
        assert headline(page) == B_HEADLINE
        page.locator('[data-variant="b"] a[data-goal="search-homes"]').click()
        page.wait_for_url("**/sv/housing/")
        assert sent == [] and storage(page) == [{}, {}]
        context.close()
    assert events() == ([], [])


def test_a_session_link_forces_b_and_its_path_reaches_the_report(live, events):
    """The issue's "Done when": a session link forces B in a real browser, the goal click is
    counted, and the admin shows it in the results and in the session report."""
    from django.contrib.auth import get_user_model

    session, experiment = live["session"], live["experiment"]
    with chromium() as browser:
        context, page, sent = visitor(browser, random_is(0.1))
        with page.expect_response("**/api/events"):
            page.goto(f"{live['url']}/sv/#nb-session={session.token}.{experiment.pk}.b")
        assert headline(page) == B_HEADLINE and "#" not in page.url
        assert not page.get_by_role("complementary", name="Hjälp oss att göra webbplatsen bättre").is_visible()
        with page.expect_request("**/api/events"):
            page.locator('[data-variant="b"] a[data-goal="search-homes"]').click()
        page.wait_for_url("**/sv/housing/")
        page.wait_for_load_state("networkidle")  # the housing page's own page view has been sent
        with page.expect_response("**/api/events"):
            page.select_option("#tenure", "rental")
        stored, steps = eventually(events, lambda found: any(kind == "search" for kind, _p, _d in found[1]))
        context.close()
    assert ("goal", "b", f"session-{session.pk}", session.pk) in stored
    kinds = [kind for kind, _path, _detail in steps]
    assert kinds[:3] == ["page", "goal", "click"] and "search" in kinds and kinds.count("page") == 2
    assert any(kind == "search" and "tenure=rental" in detail for kind, _path, detail in steps)

    def admin_pages():
        client = Client(HTTP_ACCEPT_LANGUAGE="en")  # the admin in English, as an editor may choose
        client.force_login(get_user_model().objects.get(username="editor-pitea"))
        results = client.get(reverse(type(experiment).snippet_viewset.get_url_name("results"), args=[experiment.pk]))
        report = client.get(reverse(type(session).snippet_viewset.get_url_name("report"), args=[session.pk]))
        return results.content.decode(), report.content.decode()

    results_page, report = committed(admin_pages)
    sessions_table = results_page.split("In usability sessions")[1]
    assert 'B: Jobs first</th><td class="num">1</td><td class="num">1</td>' in sessions_table
    assert "/sv/housing/" in report and "tenure=rental" in report


def test_the_consent_prompt_and_variant_b_pass_axe_at_320_px(live):
    from tests.test_web import AXE

    axe = AXE.read_text(encoding="utf-8")
    with chromium() as browser:
        context = browser.new_context(user_agent=USER_AGENT, viewport={"width": 320, "height": 640})
        context.add_init_script(random_is(0.9))
        page = context.new_page()
        page.goto(f"{live['url']}/sv/")
        assert headline(page) == B_HEADLINE and page.locator("[data-ab-consent]").is_visible()
        page.add_script_tag(content=axe)
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        page.get_by_role("button", name="Nej tack").focus()  # the prompt's buttons are reachable by keyboard
        focused = page.evaluate("() => document.activeElement.textContent")
        context.close()
    assert [f"{v['id']}: {v['help']}" for v in result["violations"]] == []
    assert overflow <= 0 and focused == "Nej tack"


def test_the_session_report_prints_without_the_admin_around_it(live):
    session = live["session"]
    report = reverse(type(session).snippet_viewset.get_url_name("report"), args=[session.pk])
    with chromium() as browser:
        context = browser.new_context(user_agent=USER_AGENT)
        page = context.new_page()
        page.goto(f"{live['url']}/admin/login/?next={report}")
        page.fill("#id_username", "editor-pitea")
        page.fill("#id_password", "demo")
        page.click("button[type=submit]")
        page.wait_for_url(f"**{report}")
        page.wait_for_load_state("networkidle")
        chrome = page.locator("#wagtail-sidebar, .w-slim-header")
        assert page.locator(".w-slim-header").is_visible()
        page.emulate_media(media="print")
        sidebar, task = (
            any(chrome.nth(i).is_visible() for i in range(chrome.count())),
            page.get_by_text("Find a three-room flat under 9,000 SEK near a school").first.is_visible(),
        )
        buttons = page.get_by_role("link", name="Download CSV").is_visible()
        pdf = page.pdf()
        context.close()
    assert not sidebar and task and not buttons
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_a_reached_page_and_a_sent_contact_form_are_goals(live):
    from cms.experiments.models import ExperimentEvent

    contact, story = live["others"]
    site = live["url"]

    def stored():
        return committed(
            lambda: sorted(
                ExperimentEvent.objects.filter(experiment__in=[contact, story]).values_list(
                    "experiment_id", "kind", "variant"
                )
            )
        )

    with chromium() as browser:
        context, page, _sent = visitor(browser, random_is(0.9))
        page.goto(f"{site}/sv/nature/")
        assert headline(page) == "B: nature"
        page.get_by_role("button", name="Ja, jag deltar").click()
        page.goto(f"{site}/sv/stories/pizza-shopping-and-yoga/")  # consent given: exposed to the story's test
        assert headline(page) == "B: pizza-shopping-and-yoga"
        page.goto(f"{site}/sv/move-guide/")  # the story's goal page
        page.goto(f"{site}/sv/contact/")
        page.locator("input[name=interests][value=work]").check()
        page.fill("#email", "goal-test@example.org")
        with page.expect_response("**/api/contact**") as answer:
            page.click("button[type=submit]")
        assert answer.value.status == 200
        found = eventually(stored, lambda rows: len(rows) == 4)
        context.close()
    assert found == sorted(
        [(contact.pk, "exposure", "b"), (contact.pk, "goal", "b"), (story.pk, "exposure", "b"), (story.pk, "goal", "b")]
    )


def test_only_pages_with_work_for_it_load_the_experiments_script(live):
    with chromium() as browser:
        context, page, _sent = visitor(browser)
        scripts = []
        page.on("request", lambda request: scripts.append(request.url) if request.url.endswith(".js") else None)
        page.goto(f"{live['url']}/sv/housing/")
        page.wait_for_load_state("networkidle")
        plain = [url.rsplit("/", 1)[-1].split(".")[0] for url in scripts]  # site.<hash>.js -> site
        scripts.clear()
        page.goto(f"{live['url']}/sv/")  # the page with variants
        page.wait_for_load_state("networkidle")
        tested = [url.rsplit("/", 1)[-1].split(".")[0] for url in scripts]
        context.close()
    assert "experiments" not in plain and "site" in plain
    assert "experiments" in tested


def test_a_session_link_typed_in_capitals_shows_that_variant_and_its_title(live, events):
    """A link made with the variant typed as "B" once showed A without a word; the document's title follows too."""
    session, experiment = live["session"], live["experiment"]
    with chromium() as browser:
        context, page, sent = visitor(browser, random_is(0.1))
        with page.expect_response("**/api/events"):
            page.goto(f"{live['url']}/sv/#nb-session={session.token}.{experiment.pk}.B")
        assert headline(page) == B_HEADLINE
        assert page.title().startswith(B_HEADLINE + " · ")
        page.goto(f"{live['url']}/en/#nb-preview=B")
        assert headline(page) == "Jobs first (en)" and page.title().startswith("Jobs first (en) · ")
        context.close()


def test_the_consent_prompt_never_hides_the_focused_element_and_escape_puts_it_away(live):
    """WCAG 2.2's Focus Not Obscured at 320 px: every Tab stop of the page is fully above the prompt. Escape
    puts the prompt away without an answer: nothing is stored, and the next page view asks again."""
    with chromium() as browser:
        context = browser.new_context(user_agent=USER_AGENT, viewport={"width": 320, "height": 640})
        context.add_init_script(random_is(0.9))
        page = context.new_page()
        page.goto(f"{live['url']}/sv/")
        prompt = page.locator("[data-ab-consent]")
        assert prompt.is_visible()
        covered, stops = [], 0
        for _ in range(200):
            page.keyboard.press("Tab")
            focused = page.evaluate("""() => { const e = document.activeElement, p = document.querySelector('[data-ab-consent]');
                if (!e || e === document.body) return null;
                const r = e.getBoundingClientRect(), q = p.getBoundingClientRect();
                return {inPrompt: p.contains(e), bottom: r.bottom, top: r.top, promptTop: q.top,
                        name: (e.textContent || e.name || e.id || e.tagName).trim().slice(0, 40)}; }""")
            if focused is None:
                break
            stops += 1
            if not focused["inPrompt"] and focused["bottom"] > focused["promptTop"] + 0.5:
                covered.append(focused["name"])
            if focused["inPrompt"] and focused["name"] == "Nej tack":
                break
        assert stops > 10 and covered == [], f"{len(covered)} of {stops} Tab stops under the prompt: {covered[:10]}"
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Escape")
        assert not prompt.is_visible()
        assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0
        page.reload()
        assert prompt.is_visible()
        context.close()
