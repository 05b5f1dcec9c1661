"""The private erasure link a sender gets: `/privacy/<kommun>/<language>/<token>`.

Opening it shows what will be erased and asks to confirm (so a mail scanner following
links erases nothing); the confirming POST erases. The answer is the microsite's own
privacy page with its form region filled in, in the sender's language.
"""

from django.conf import settings
from django.http import Http404, HttpResponseForbidden
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from cms.base.public_endpoints import origin_refused, rate_limited, site_unavailable
from cms.base.public_forms import MACROS, answer, api_url, published_page
from cms.base.site_config import site_configs
from cms.theme import template_macro

from .models import find_by_token


def erasure_link(config, language, token):
    """The private erasure link, absolute, for mail (pages use the same path under `site.api_url`)."""
    return f"{api_url() or 'https://' + config.domain}/privacy/{config.slug}/{language}/{token}"


@method_decorator(csrf_exempt, name="dispatch")  # anonymous and cookie-free: the token is the credential
class ErasureView(View):
    """Ask, then erase what one sender told us."""

    http_method_names = ["get", "post"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.config = site_configs().get(kwargs["slug"])
        self.language = kwargs["language"]

    def dispatch(self, request, *args, **kwargs):
        unavailable = site_unavailable(request, [kwargs["slug"]], as_json=False, methods="POST")
        if unavailable:
            return unavailable
        if self.config is None or self.language not in self.config.languages:
            raise Http404("No such microsite or language.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, slug, language, token):
        record = self.record(token)
        if record is None:
            return self.missing(request)
        return self.answer(request, 200, "erasure_confirm", token, record.erasure_effect())

    def post(self, request, slug, language, token):
        if origin_refused(request):
            return HttpResponseForbidden("Erasure is confirmed from the microsites only.")
        if rate_limited(request, "erase", settings.PUBLIC_FORM_RATE_LIMIT, window=3600):
            return self.answer(request, 429, "erasure_done", "", "rate")
        record = self.record(token)
        if record is None:
            return self.missing(request)
        effect = record.erasure_effect()
        record.erase()
        return self.answer(request, 200, "erasure_done", "", effect)

    def record(self, token):
        record = find_by_token(token)
        return record if record is not None and record.kommun.slug == self.config.slug else None

    def missing(self, request):
        return self.answer(request, 404, "erasure_done", "", "missing")

    def answer(self, request, status, name, token, effect):
        html = template_macro(self.language, MACROS, name, api_url(), self.config.slug, token, effect)
        return answer(
            request, self.config.slug, published_page(self.config.slug, self.language, "privacy"), html, status
        )
