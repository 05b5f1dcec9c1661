"""`python build.py --serve`: look at the published sites locally, with the CMS beside them.

Each kommun's site answers at http://<slug>.localhost:PORT/ (browsers resolve
*.localhost to this machine), the region front door at http://region.localhost:PORT/; http://localhost:PORT/ lists them, and /admin/, /api/
and /search/ are the CMS's and the search service's own. For development only: production serves public/ from any
web server or CDN.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.urls import re_path
from django.views.static import serve as serve_file

PUBLIC = Path(settings.BASE_DIR) / "public"


def site_root(request):
    """The published folder of the kommun whose host (`<slug>.localhost`) asked, or None."""
    host = request.get_host().split(":")[0]
    slug = host.removesuffix(".localhost") if host.endswith(".localhost") else None
    root = (PUBLIC / slug) if slug else None
    return root if root is not None and root.is_dir() else None


def media_view(request, path):
    """`/media/`: a microsite's own renditions on its host, the CMS's uploads elsewhere (the admin).

    Django's debug route for MEDIA_URL knows only the CMS's folder, so without this every image
    on a served microsite was a 404."""
    root = site_root(request)
    if root is not None:
        return site_view(request, f"media/{path}")
    return serve_file(request, path, document_root=settings.MEDIA_ROOT)


def site_view(request, path=""):
    root = site_root(request)
    if root is None:
        sites = sorted(p.name for p in PUBLIC.iterdir() if p.is_dir() and p.name != "region") if PUBLIC.is_dir() else []
        port = request.get_port()
        links = "".join(f'<li><a href="http://{s}.localhost:{port}/">{s}</a></li>' for s in sites)
        return HttpResponse(
            f"<!doctype html><title>Microsites</title><h1>Microsites</h1><ul>{links}</ul>"
            f'<p><a href="http://region.localhost:{port}/">The region front door</a> · <a href="/admin/">CMS admin</a></p>'
        )
    if path == "" or path.endswith("/"):
        path += "index.html"
    try:
        return serve_file(request, path, document_root=root)
    except Http404:
        # A language folder's own 404 page (/de/nothing, /de); any other folder (/uk/) gets the site root's,
        # which says it in every language of the site.
        not_found = root / path.split("/", 1)[0] / "404.html"
        page = not_found if not_found.is_file() else root / "404.html"
        return HttpResponseNotFound(page.read_bytes(), content_type="text/html; charset=utf-8")


def urlpatterns_with_sites():
    from cms.urls import urlpatterns

    media = settings.MEDIA_URL.strip("/")
    return [re_path(rf"^{media}/(?P<path>.*)$", media_view), *urlpatterns, re_path(r"^(?P<path>.*)$", site_view)]


urlpatterns = urlpatterns_with_sites()


def serve(public_dir, port):
    global PUBLIC
    PUBLIC = Path(public_dir)
    settings.ROOT_URLCONF = __name__
    settings.PUBLISHED_SITES_ROOT = PUBLIC  # the search service fills in these pages for visitors without JavaScript
    print(f"Serving {PUBLIC} at http://localhost:{port}/ (each site at http://<slug>.localhost:{port}/).")
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
    return 0
