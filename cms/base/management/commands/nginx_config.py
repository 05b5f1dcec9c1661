"""`python manage.py nginx_config`: the nginx configuration serving every microsite and the public service."""

import getpass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.base.exceptions import ConfigurationError
from cms.base.nginx import Options, configuration
from cms.base.site_config import load_all_sites


class Command(BaseCommand):
    help = (
        "Write the nginx configuration that serves every site of sites/ from PUBLIC_ROOT/<slug>/ by its domain, "
        "proxies the public service and sends the Content-Security-Policy and the other security headers. "
        "Make it again after changing sites/, the theme or the public service's URLs (docs/deployment.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Write here instead of standard output.")
        parser.add_argument(
            "--public-root",
            default=str(settings.BASE_DIR / "public"),
            help="The published sites' folder, public/ of the build (default: %(default)s).",
        )
        parser.add_argument(
            "--upstream",
            default=Options.upstream,
            help="The public service's address (gunicorn with cms.settings.public_api; default: %(default)s).",
        )
        parser.add_argument(
            "--plain-http",
            action="store_true",
            help="Serve plain HTTP only, without TLS, HSTS or redirect: for a local machine or CI.",
        )
        parser.add_argument(
            "--listen", default=Options.listen, help="The HTTP port or address:port (default: %(default)s)."
        )
        parser.add_argument(
            "--listen-tls", default=Options.listen_tls, help="The HTTPS port or address:port (default: %(default)s)."
        )
        parser.add_argument(
            "--certificate",
            default=Options.certificate,
            help="Each site's certificate chain; {domain} and {slug} are filled in (default: %(default)s).",
        )
        parser.add_argument(
            "--certificate-key",
            default=Options.certificate_key,
            help="Each site's private key; {domain} and {slug} are filled in (default: %(default)s).",
        )
        parser.add_argument(
            "--no-redirect",
            action="store_true",
            help="Do not answer plain HTTP with a redirect to HTTPS (it is not served at all).",
        )
        parser.add_argument(
            "--local-hosts", action="store_true", help="Answer at <slug>.localhost instead of each site's domain."
        )
        parser.add_argument(
            "--standalone",
            metavar="FOLDER",
            help="Write a whole nginx.conf keeping its pid, logs and temporary files in FOLDER, to run "
            "as `nginx -p FOLDER -c FILE -g 'daemon off;'` beside (not in) the system's nginx.",
        )

    def handle(self, *args, **options):
        try:
            configs = load_all_sites()
        except ConfigurationError as exc:
            raise CommandError(str(exc)) from exc
        standalone = Path(options["standalone"]).resolve() if options["standalone"] else None
        text = configuration(
            configs.values(),
            Options(
                public_root=Path(options["public_root"]).resolve(),
                upstream=options["upstream"],
                plain_http=options["plain_http"],
                listen=options["listen"],
                listen_tls=options["listen_tls"],
                certificate=options["certificate"],
                certificate_key=options["certificate_key"],
                redirect_http=not options["no_redirect"],
                local_hosts=options["local_hosts"],
                standalone=standalone,
                # Run by root, nginx's workers would be `nobody`, who may not read a private temporary folder.
                user=getpass.getuser() if standalone else "",
            ),
        )
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {options['output']} for {len(configs)} sites.")
        else:
            self.stdout.write(text, ending="")
