"""Submitted text is plain text everywhere it goes.

A corpus of XSS payloads (after OWASP's XSS Filter Evasion Cheat Sheet: script tags, event handlers,
`javascript:` URLs, SVG and MathML, broken and nested tags, entity-encoded and mixed-case variants,
breakouts from attributes, <textarea>, <title> and <script> blocks, template injection) is sent through
the real endpoint as the title, description, place and organiser of activities, approved in the real
admin, built with the real pipeline, and opened in chromium: the detail pages, the listing, the search
cards from the API and from the static index, and the form that shows a visitor's values again. No
dialog opens, the marker the payloads would set stays undefined, no element or attribute they carry
exists, and each payload reads as the text it is. The feed and the calendar carry it as text too.
"""

import functools
import http.server
import json
import re
import threading
import xml.etree.ElementTree as ET

import pytest
from django.core import mail

from cms.activities.models import Activity
from tests.helpers import submission, submit_activity

pytestmark = [pytest.mark.django_db, pytest.mark.build_output]

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<ScRiPt>window.__xss=1</sCrIpT>",
    "<SCRIPT SRC=//xss.invalid/x.js></SCRIPT>",
    "<<SCRIPT>window.__xss=1;//<</SCRIPT>",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    "<img src=x onerror=window.__xss=1>",
    '<IMG SRC=x OnErRoR="alert(1)">',
    '<IMG SRC="javascript:window.__xss=1">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    '<img src="x" onerror="&#x61;lert(1)">',
    "<svg/onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "<body onload=window.__xss=1>",
    '<a href="javascript:window.__xss=1">klicka här</a>',
    '<a href="jav&#x09;ascript:alert(1)">klicka</a>',
    '<iframe src="javascript:window.top.__xss=1"></iframe>',
    '<object data="javascript:window.__xss=1"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<input autofocus onfocus=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<form><button formaction=javascript:alert(1)>skicka</button></form>",
    '<div style="width:expression(alert(1))">x</div>',
    "<!--<img src=x onerror=window.__xss=1>-->",
    '"><script>window.__xss=1</script>',
    "'><img src=x onerror=window.__xss=1>",
    "</textarea><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    "</script><script>window.__xss=1</script>",
    '\\";window.__xss=1;//',
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "{{ 7*7 }} {{ config }} {% print(1) %}",
    "{{ ''.__class__.__mro__ }} ${7*7} <%= 7*7 %>",
]
MARKER = "xssprobe"
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (["iframe", "object", "embed", "svg", "math", "frame", "frameset", "base"].includes(tag)) found.push(tag);
    if (tag === "meta" && el.hasAttribute("http-equiv")) found.push("meta http-equiv");
    if (tag === "script" && !el.src && el.type !== "application/ld+json") found.push("inline script");
    if (tag === "script" && el.src && !el.src.includes("/theme/js/")) found.push("script " + el.src);
    if (tag === "style" && el.closest("body")) found.push("style in body");
    for (const attribute of el.attributes) {
      if (attribute.name.startsWith("on")) found.push(tag + " " + attribute.name);
      if (/^\\s*(javascript|data):/i.test(attribute.value) && attribute.name !== "content") found.push(tag + " " + attribute.name);
      if (attribute.name === "style" || attribute.name === "formaction" || attribute.name === "autofocus") found.push(tag + " " + attribute.name);
    }
  }
  return found;
}"""


def text(value):
    """How a browser shows a text: runs of whitespace as one space."""
    return " ".join(value.split())


@pytest.fixture
def approved(published_sites, settings, client, editor_client, django_capture_on_commit_callbacks):
    """Every payload submitted through the microsite's form, then approved in the admin: {payload: activity id}."""
    settings.PUBLISHED_SITES_ROOT = published_sites[0] / "public"
    settings.PUBLIC_FORM_RATE_LIMIT = 0
    ids = {}
    for payload in PAYLOADS:
        data = submission(
            title=payload,
            description=f"{MARKER} {payload}\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected",
            place=payload,
            organiser=payload,
        )
        assert submit_activity(client, data, HTTP_ORIGIN="https://move.pitea.se").status_code == 200, payload
        ids[payload] = Activity.objects.get(source="public", translations__title=payload).pk
    editors = editor_client("pitea")
    queue = editors.get("/admin/activity_submissions/").content.decode()
    assert "<script>window" not in queue and "<img src=x" not in queue  # escaped in the admin too
    for payload, pk in ids.items():
        review = f"/admin/activity_submissions/review/{Activity.objects.get(pk=pk).submission.pk}/"
        assert "<script>window" not in editors.get(review).content.decode()
        with django_capture_on_commit_callbacks(execute=True):  # the search index follows the approval
            assert editors.post(review, {"decision": "approve"}).status_code == 302, payload
    mail.outbox.clear()
    return ids


@pytest.fixture
def built(approved, tmp_path):
    """Piteå built and published with the approved payloads; the folder of its site."""
    from cms.sitebuild import pipeline

    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    assert not report.failed, [r.problems for r in report.failed]
    return (tmp_path / "public" / "pitea").resolve()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def server(built):
    handler = functools.partial(QuietHandler, directory=str(built))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class Watch:
    """A page that records dialogs (and dismisses them) and can say what was injected into it."""

    def __init__(self, page):
        self.page, self.dialogs = page, []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def harmless(self, where):
        injected = self.page.evaluate(INJECTED)
        marker = self.page.evaluate("() => typeof window.__xss")
        assert (self.dialogs, marker, injected) == ([], "undefined", []), where


@pytest.fixture
def api_answer(approved, client):
    """The search API's answer for the payloads (asked before the browser opens: Django refuses queries in its
    event loop)."""
    response = client.get("/api/search/activities", {"kommun": "pitea", "language": "sv", "q": MARKER, "page_size": 50})
    assert len(response.json()["hits"]) == len(PAYLOADS)
    return response.content


def test_submitted_payloads_are_harmless_text_in_a_real_browser(approved, built, server, api_answer, browser):
    page = browser.new_page()
    watch = Watch(page)
    for payload, pk in approved.items():
        for language in ("sv", "en"):  # English shows the Swedish text in its place
            page.goto(f"{server}/{language}/activities/{pk}/")
            page.wait_for_load_state("load")
            watch.harmless(f"{language} page of {payload!r}")
            assert text(page.locator("h1").inner_text()) == text(payload)
            assert text(payload) in text(page.locator(".lead").inner_text())
            facts = text(page.locator(".facts-list").inner_text())
            assert facts.count(text(payload)) == 2  # the place and the organiser
            event = json.loads(page.locator('script[type="application/ld+json"]').text_content())
            assert event["name"] == payload and event["location"]["name"] == payload

    page.goto(f"{server}/sv/activities/")
    watch.harmless("the activities page")
    shown = {text(title) for title in page.locator("[data-results] .card h2").all_inner_texts()}
    assert {text(payload) for payload in PAYLOADS} <= shown

    # The live search: the API's own cards, as the search service answers (served to the page as they are).
    page.route(
        "**/api/search/**", lambda route: route.fulfill(status=200, content_type="application/json", body=api_answer)
    )
    page.goto(f"{server}/sv/activities/")
    page.fill("#q", MARKER)
    page.wait_for_function("document.querySelectorAll('[data-results] .card').length === %d" % len(PAYLOADS))
    watch.harmless("search cards from the API")
    assert {text(t) for t in page.locator("[data-results] .card h2").all_inner_texts()} == {text(p) for p in PAYLOADS}

    # The search API is down: the page searches its static index on the device.
    fallback = browser.new_page()
    watch = Watch(fallback)
    fallback.route("**/api/search/**", lambda route: route.abort())
    fallback.goto(f"{server}/sv/activities/")
    fallback.fill("#q", MARKER)
    fallback.wait_for_function("document.querySelectorAll('[data-results] .card').length === %d" % len(PAYLOADS))
    watch.harmless("search cards from the static index")
    assert {text(t) for t in fallback.locator("[data-results] .card h2").all_inner_texts()} == {
        text(p) for p in PAYLOADS
    }


@pytest.fixture
def refused_forms(published_sites, settings, client):
    """The service's answers to each payload sent with a bad email address: the form again, with the values."""
    settings.PUBLISHED_SITES_ROOT = published_sites[0] / "public"
    settings.PUBLIC_FORM_RATE_LIMIT = 0
    answers = {}
    for payload in PAYLOADS:
        response = submit_activity(client, submission(title=payload, description=payload, place=payload, email="nope"))
        assert response.status_code == 400
        answers[payload] = response.content.decode()
    return answers


def test_the_form_shows_a_visitors_payloads_back_as_text(refused_forms, browser):
    """The no-JavaScript answer with errors repeats what the visitor typed: in the fields, as text."""
    page = browser.new_page()
    watch = Watch(page)
    for payload, html in refused_forms.items():
        page.set_content(html)
        watch.harmless(f"the form with {payload!r}")
        assert page.input_value("#title") == text(payload) and page.input_value("#description") == payload


def test_the_feed_and_the_calendar_carry_the_payloads_as_text(approved, built):
    feed = ET.parse(built / "sv" / "activities" / "feed.atom").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = {entry.find(f"{atom}title").text: entry for entry in feed.iter(f"{atom}entry")}
    for payload in PAYLOADS:
        entry = entries[payload]  # the title's text is the payload itself, not markup
        assert list(entry.find(f"{atom}title")) == [] and list(entry.find(f"{atom}summary")) == []
        assert entry.find(f"{atom}title").get("type") in (None, "text")

    calendar = (built / "sv" / "activities" / "calendar.ics").read_bytes().decode()
    lines = re.sub(r"\r\n[ \t]", "", calendar).split("\r\n")  # RFC 5545: unfold, then one property a line
    published = Activity.objects.filter(kommun__slug="pitea", live=True, moderation_status="approved").count()
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == published
    # SUMMARY[;LANGUAGE=..]:value; an injected line would be a SUMMARY of its own
    summaries = [line.split(":", 1)[1] for line in lines if re.match(r"SUMMARY[;:]", line)]
    assert "injected" not in summaries and len(summaries) == published
    for payload in PAYLOADS:
        escaped = payload.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        assert escaped in summaries
    names = {line.split(":", 1)[0].split(";", 1)[0] for line in lines if line}
    assert names <= {
        "BEGIN",
        "END",
        "VERSION",
        "PRODID",
        "CALSCALE",
        "X-WR-CALNAME",
        "X-WR-TIMEZONE",
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "RRULE",
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "GEO",
        "URL",
        "TZID",
        "COMMENT",
        "TZNAME",
        "TZOFFSETFROM",
        "TZOFFSETTO",
        "RDATE",
    }  # and Stockholm's VTIMEZONE

    index = json.loads((built / "sv" / "activities" / "index.json").read_text())
    raw = (built / "sv" / "activities" / "index.json").read_text()
    assert "<script" not in raw.lower() and "<img" not in raw.lower()  # the cards' markup is escaped, as JSON too
    assert len([row for row in index["rows"] if row[0] in approved.values()]) == len(PAYLOADS)
