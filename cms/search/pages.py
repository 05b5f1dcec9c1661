"""The search page for visitors without JavaScript: the form is sent here, and the answer is
the microsite's own published search page with the results filled in.

The page around the results comes from the published site (its header, menus, language
links and styles), and the form and result cards are rendered with the theme's macros,
so this page is the static page with different results, not a look-alike.
"""

import re
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from markupsafe import Markup

from cms.base.public_endpoints import site_unavailable
from cms.base.public_forms import api_url, on_microsite, published_page
from cms.base.site_config import KNOWN_LANGUAGES
from cms.theme import macro, template_macro

from .backends import get_backend
from .query import QueryError, kommun_slugs, parse
from .views import parameters, rate_limited

REGION = re.compile(r"<!--search:(form|results)-->.*?<!--/search:\1-->", re.S)
PAGE_SIZE = 20


#: The search pages: their folder on the site, the type searched, the form's macro (in macros.html unless named).
PAGES = {
    "housing": ("housing", "housing_search_form"),
    "activities": ("activity", "activity_search_form"),
    "jobs": ("job", "jobs_macros.html:job_search_form"),
}


def _shell(slug, language, page):
    if slug not in kommun_slugs() or language not in KNOWN_LANGUAGES:
        raise Http404("No such microsite.")
    return published_page(slug, language, page)


@csrf_exempt  # read-only: any other method (POST, QUERY, ...) meets the 405, not the CSRF middleware's 403
@require_http_methods(["GET", "HEAD"])
def search_page(request, slug, language, page):
    unavailable = site_unavailable(request, [slug], as_json=False)
    if unavailable:
        return unavailable
    shell = _shell(slug, language, page)
    doc_type, form_macro = PAGES[page]
    status, problem, result, values = 200, "", None, {}
    try:
        if rate_limited(request):
            raise QueryError(None, "rate")
        params = {k: v for k, v in parameters(request).items() if k not in ("kommun", "language", "page_size")}
        query = parse(doc_type, {**params, "kommun": slug, "language": language, "page_size": str(PAGE_SIZE)})
        values = {"q": query.q, "sort": query.sort, "within_km": query.within_km, **query.filters}
        result = get_backend().search(query)
    except QueryError as exc:
        status = 429 if exc.parameter is None else 400
        problem = macro(language, "search_problem", "rate" if exc.parameter is None else "field", exc.parameter)
    except Exception:  # the backend is down: the page still answers, and says so
        status, problem = 503, macro(language, "search_problem", "down")
    facets = result.facets if result else None
    here = api_url() + request.path_info  # as the build addresses this page: on the public service's host
    if doc_type == "housing":
        form = macro(language, form_macro, here, values, facets, request.GET.get("near", ""))
    elif ":" in form_macro:
        form = template_macro(language, *form_macro.split(":"), here, values, facets)
    else:
        form = macro(language, form_macro, here, values, facets)
    if result is None:
        results = macro(language, "search_results", 0, [], "", "", problem, doc_type)
    else:
        # The cards were rendered, escaped, by the theme's own macro when the listing was indexed.
        cards = [Markup(hit["html"]) for hit in result.hits]
        results = macro(
            language,
            "search_results",
            result.total,
            cards,
            _page_url(request, query.page - 1) if query.page > 1 else "",
            _page_url(request, query.page + 1) if query.page * PAGE_SIZE < result.total else "",
            problem,
            doc_type,
        )
    regions = {"form": str(form), "results": str(results)}
    html = REGION.sub(
        lambda match: f"<!--search:{match.group(1)}-->{regions[match.group(1)]}<!--/search:{match.group(1)}-->", shell
    )
    response = HttpResponse(on_microsite(html, slug), status=status, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "public, max-age=60" if status == 200 else "no-store"
    return response


def _page_url(request, page):
    params = {k: v for k, v in request.GET.items() if k != "page"}
    if page > 1:
        params["page"] = page
    return api_url() + request.path_info + ("?" + urlencode(params) if params else "")
