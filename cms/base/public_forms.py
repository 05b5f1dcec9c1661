"""The forms the public sends from the static microsites, answered the way the search pages are.

A form page is published with the site (e.g. `/<language>/activities/submit/`) and posts to
the public service. For visitors without JavaScript the service answers with the
microsite's own published page, its `<!--form-->` region replaced by the theme's macro
output: the form again with the visitor's values and the errors (400), or a thank-you
(200). A script may post with `fetch` and ask for JSON; it gets the same region's HTML.

Every form shares the same rules: refused from foreign origins, capped in size, rate
limited, a honeypot for robots, and validation by a Django form whose errors the theme
words in the page's language. Submitted text is plain text: it is stored as typed and
escaped wherever it is shown.
"""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from cms.theme import template_macro

from .models import Kommun
from .public_endpoints import body_too_large, origin_refused, rate_limited, site_unavailable, with_cors
from .site_config import site_configs

REGION = re.compile(r"<!--form-->.*?<!--/form-->", re.S)
# The build writes root-relative addresses (/sv/housing/, /theme/js/site.js). In a page the public
# service answers from a host of its own they would lead to that host, so they are made absolute on
# the microsite's. The pages are the build's own output, every attribute double-quoted and escaped by
# Jinja, so a pattern over those attributes is exact, where an HTML parser would re-serialise the page.
ROOT_RELATIVE = re.compile(r'(\s(?:href|src|action|poster|data-index)=")/(?!/)')
SRCSET = re.compile(r'(\ssrcset=")([^"]*)(")')
SRCSET_URL = re.compile(r"(^|,\s*)/(?!/)")
MACROS = "forms.html"
#: Characters that reorder text as it is shown (a "Trojan Source" spoof), kept out of submitted text.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class PlainTextField(forms.CharField):
    """Text as a person types it, without the characters that could break where it goes.

    Control characters and bidirectional overrides are dropped and line breaks normalised
    (a one-line field loses them), so a title can never end a line of an iCalendar file or
    a mail header. Joiners and other format characters that scripts and emoji need stay.
    Markup is kept as the visitor typed it: it is text, escaped wherever it is shown.
    """

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        if multiline:
            kwargs.setdefault("widget", forms.Textarea)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        value = value.replace("\u2028", "\n").replace("\u2029", "\n")
        value = "".join(
            c for c in value if c == "\n" or (unicodedata.category(c) not in ("Cc", "Cs") and c not in BIDI_CONTROLS)
        )
        if not self.multiline:
            value = " ".join(value.split())
        return super().to_python(value)


#: What an "invalid" error means, by the kind of field it is on (the theme words each).
INVALID_BY_FIELD = [
    (forms.EmailField, "email"),
    (forms.DateField, "date"),
    (forms.TimeField, "time"),
    (forms.IntegerField, "number"),
]


class PublicForm(forms.Form):
    """A form the public fills in: validated by Django, its errors reported as codes for the theme."""

    #: The honeypot: hidden from people (see the theme's `honeypot` macro), filled in by robots.
    website = forms.CharField(required=False)

    def is_spam(self):
        """True when the honeypot, which no person sees, was filled in."""
        return bool(self.data.get("website", "").strip())

    def values(self):
        """What the visitor sent, to show the form again as they left it."""
        return {
            name: (self.data.getlist(name) if isinstance(field, forms.MultipleChoiceField) else self.data.get(name, ""))
            for name, field in self.fields.items()
            if name != "website"
        }

    def problems(self):
        """{field: {"code": ..., "limit": ...}}: the first error of each field, for the theme to word."""
        found = {}
        for name, errors in self.errors.as_data().items():
            error = errors[0]
            code = error.code or "invalid"
            if code == "invalid":
                code = next((c for kind, c in INVALID_BY_FIELD if isinstance(self.fields.get(name), kind)), code)
            elif code == "required" and isinstance(self.fields.get(name), forms.MultipleChoiceField):
                code = "tick"  # checkboxes are ticked, not filled in
            found[name] = {"code": code, "limit": (error.params or {}).get("limit_value")}
        return found


def published_page(slug, language, folder):
    """The published page `/<language>/<folder>/` of a microsite, as HTML."""
    path = settings.PUBLISHED_SITES_ROOT / slug / language / folder / "index.html"
    if not path.is_file():
        raise Http404("This microsite has not been published yet.")
    return path.read_text(encoding="utf-8")


def with_region(page, html):
    """The page with its form region replaced by `html`."""
    return REGION.sub(lambda _match: f"<!--form-->{html}<!--/form-->", page, count=1)


def on_microsite(html, slug):
    """`html` with its root-relative addresses on the microsite of `slug`, when the public service that
    answers with it has a host of its own (PUBLIC_API_URL); as it is when they share one."""
    if not api_url():
        return html
    origin = site_configs()[slug].microsite_url("")
    html = ROOT_RELATIVE.sub(lambda match: f"{match.group(1)}{origin}/", html)
    return SRCSET.sub(
        lambda match: (
            match.group(1) + SRCSET_URL.sub(lambda url: f"{url.group(1)}{origin}/", match.group(2)) + match.group(3)
        ),
        html,
    )


def microsite(request):
    """The kommun's site configuration and the page language a form was sent from (its query string)."""
    config = site_configs().get(request.GET.get("kommun", ""))
    language = request.GET.get("language", "")
    if config is None or language not in config.languages:
        raise Http404("No such microsite or language.")
    return config, language


def answer(request, slug, page, html, status, **headers):
    """The page of microsite `slug` with `html` in its form region, or, for a script that asks for JSON,
    the region alone (shown in the microsite's page, where its addresses already lead)."""
    if "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"html": str(html)}, status=status)
    else:
        response = HttpResponse(
            on_microsite(with_region(page, html), slug), status=status, content_type="text/html; charset=utf-8"
        )
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return with_cors(request, response, methods="POST")


@method_decorator(csrf_exempt, name="dispatch")  # anonymous and cookie-free: see cms.base.public_endpoints
class PublicFormView(View):
    """POST one public form: the guards, the validation, and the answer in the page's language.

    A subclass names its form, the published page it answers with, the theme macros that
    render the form and the thank-you, and saves a valid submission (`save`).
    """

    http_method_names = ["post", "options"]
    form_class = PublicForm
    folder = ""  # the published page, e.g. "activities/submit"
    form_macro = ""  # forms.html macro(api_url, slug, values, errors, problem)
    done_macro = ""  # forms.html macro(api_url, slug, erasure_token, mailed, retention_days)

    def options(self, request, *args, **kwargs):
        return with_cors(request, HttpResponse(), methods="POST")

    def post(self, request, *args, **kwargs):
        if origin_refused(request):
            return with_cors(request, HttpResponseForbidden("Forms are sent from the microsites only."), methods="POST")
        unavailable = site_unavailable(request, [request.GET.get("kommun", "")], as_json=False, methods="POST")
        if unavailable:
            return unavailable
        config, language = microsite(request)
        page = published_page(config.slug, language, self.folder)
        if body_too_large(request, settings.PUBLIC_FORM_MAX_BYTES):
            return answer(request, config.slug, page, self.form_html(config, language, problem="too-large"), 413)
        if rate_limited(request, f"form:{self.folder}", settings.PUBLIC_FORM_RATE_LIMIT, window=3600):
            return answer(
                request, config.slug, page, self.form_html(config, language, problem="rate"), 429, Retry_After="3600"
            )
        form = self.form_class(request.POST)
        if form.is_spam():  # robots are thanked and forgotten
            return answer(request, config.slug, page, self.done_html(config, language, "", False), 200)
        if not form.is_valid():
            return answer(
                request, config.slug, page, self.form_html(config, language, form.values(), form.problems()), 400
            )
        with transaction.atomic():
            record = self.save(form, Kommun.objects.get(slug=config.slug), language)
            token = record.issue_erasure_token()
            record.save()
        mailed = self.notify(record, token)
        return answer(request, config.slug, page, self.done_html(config, language, token, mailed), 200)

    def form_html(self, config, language, values=None, errors=None, problem=""):
        """The form region: the form, with the visitor's values and errors or a problem notice."""
        return template_macro(
            language, MACROS, self.form_macro, api_url(), config.slug, values or {}, errors or {}, problem
        )

    def done_html(self, config, language, token, mailed):
        """The thank-you region, with the private erasure link when something was kept."""
        return template_macro(
            language,
            MACROS,
            self.done_macro,
            api_url(),
            config.slug,
            token,
            mailed,
            settings.PERSONAL_DATA_RETENTION_DAYS,
        )

    def save(self, form, kommun, language):
        """Store a valid submission; return its PersonalData record unsaved (the view adds the erasure token)."""
        raise NotImplementedError

    def notify(self, record, token):
        """Send the mails a submission causes; True when the sender was mailed their erasure link."""
        return False


def api_url():
    """Where the microsites reach the public service ("" = the same host), as the build writes it."""
    return settings.PUBLIC_API_URL.rstrip("/")
