#!/usr/bin/env python
"""Build every kommun's static microsite from the CMS, and publish it atomically.

    python build.py              build a new release and check it (public/ unchanged)
    python build.py --publish    import the feeds, build, check, and switch public/ to the new release
    python build.py --demo       migrate, load the demo content, import, build and publish all 14 sites
    python build.py --rollback   make the previous release live again
    python build.py --serve      serve public/ and the CMS's API on http://localhost:SERVE_PORT/ (8000), with
                                 the publish worker beside it: what editors publish goes live within seconds

Exit codes: 0 success (or nothing to do), 1 one or more kommuner failed and kept their
previous site, 2 the build could not run at all.
"""

import argparse
import functools
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--publish", action="store_true", help="switch public/ to the new release if it passes")
    action.add_argument("--demo", action="store_true", help="migrate, load the demo content, build and publish")
    action.add_argument("--rollback", action="store_true", help="make the previous release live again")
    action.add_argument("--serve", action="store_true", help="serve public/ and the API on localhost")
    parser.add_argument(
        "--kommun",
        action="append",
        metavar="SLUG",
        help="build only this kommun (repeatable); with --demo, load only its demo content",
    )
    parser.add_argument(
        "--no-imports",
        action="store_true",
        help="with --publish or --demo, do not import the housing feeds and JobTech first",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="with --serve, do not start the publish worker (publishes then wait for a build by hand)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="worker processes (default: cores)")
    parser.add_argument("--output", type=Path, default=ROOT, help="folder holding releases/ and public/")
    parser.add_argument("--port", type=int, help="port for --serve (default: SERVE_PORT, else 8000)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    if args.port:  # the admin's links to the sites and the build's links to the admin follow the port
        os.environ["SERVE_PORT"] = str(args.port)
    if not (args.demo or args.rollback or args.serve) and not (args.publish and not args.no_imports):
        from cms.sitebuild import nochange

        report = nochange.answer(args.output, kommuner=args.kommun)  # before Django's apps: most of a no-change run
        if report is not None:
            from cms.sitebuild.progress import print_report

            print_report(report)
            return 0
    import django

    django.setup()
    from django.conf import settings

    if args.demo and not settings.DEMO_CONTENT_ALLOWED:
        from cms.base.management.commands.load_demo import REFUSED_IN_PRODUCTION

        print(REFUSED_IN_PRODUCTION, file=sys.stderr)
        return 2

    from cms.base.exceptions import NorrbottenError
    from cms.sitebuild import pipeline
    from cms.sitebuild.errors import is_output_problem, output_error
    from cms.sitebuild.progress import Progress, Steps, print_report
    from cms.sitebuild.publish import Releases

    try:
        if args.rollback:
            release = Releases(args.output).rollback()
            print(f"Rolled back: public/ now serves {release.name}.")
            return 0
        if args.serve:
            from cms.publishing.beside import worker_beside
            from cms.sitebuild.serve import serve

            if args.no_worker:
                return serve(args.output / "public", settings.SERVE_PORT)
            with worker_beside(args.output):  # what editors publish goes live while it serves
                return serve(args.output / "public", settings.SERVE_PORT)
        with Steps() as steps:
            if args.demo:
                from cms.sitebuild import demo  # migrations and the demo loader: only a demo run pays for them

                demo.migrate(steps)
                demo.load_demo(steps, only=args.kommun)
            with Progress(total=len(args.kommun) if args.kommun else None, steps=steps) as progress:
                publish = args.publish or args.demo
                run = functools.partial(
                    pipeline.run,
                    args.output,
                    kommuner=args.kommun,
                    publish=publish,
                    jobs=args.jobs,
                    progress=progress.advance,
                    imports=publish and not args.no_imports,
                    log=steps.say,
                    search_step=steps.step,
                )
                if publish:  # recorded as the publish worker's builds are: the editors' "Live on the site"
                    from cms.publishing.nightly import publish_recorded

                    report = publish_recorded(run, args.kommun)
                else:
                    report = run()
    except NorrbottenError as exc:
        print(f"Build stopped: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk or a folder it may not use, met outside the build's own steps
        if not is_output_problem(exc):
            raise
        print(f"Build stopped: {output_error(exc)}", file=sys.stderr)
        return 2
    print_report(report)
    if args.demo and (args.output / "public").exists():
        from cms.sitebuild import demo

        print("\n".join(demo.next_steps(args.output, settings.SERVE_PORT, ROOT)))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
