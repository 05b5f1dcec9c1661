"""The checks that stand between a built site and the live one, on pages as they are rendered (in memory)."""

from cms.sitebuild.checks import RenderedPages, catalog_problems

PAGE = '<!doctype html><html lang="en"><head><link rel="icon" href="/logo.svg"></head><body><main>{main}</main></body></html>'


def check_site(pages, domain, missing_strings, languages, assets=("logo.svg",)):
    """The problems the build finds in `pages` ({path: html}, as rendered), a site holding them and `assets`."""
    rendered = RenderedPages(domain)
    for path, html in pages.items():
        rendered.add(path, html)
    return rendered.problems({*pages, *assets}) + catalog_problems(missing_strings, languages)


def test_a_sound_site_passes():
    pages = {
        "en/index.html": PAGE.format(main='<p>Hello <a href="/en/about/">about</a></p>'),
        "en/about/index.html": PAGE.format(main="<p>About us</p>"),
    }
    assert check_site(pages, "move.example.se", {}, ["en"]) == []


def test_broken_links_empty_pages_and_missing_strings_are_named():
    pages = {
        "en/index.html": PAGE.format(
            main='<p>Hi <a href="/en/gone/">gone</a> <img src="/media/x.jpg" srcset="/media/x-480.webp 480w" alt="">'
            '<a href="https://move.example.se/en/also-gone/">abs</a> <a href="https://other.example/">ok</a>'
            ' <a href="en/relative/">rel</a></p>'
        ),
        "en/empty/index.html": PAGE.format(main="<script>var x = 1;</script> "),
    }

    problems = check_site(pages, "move.example.se", {"de": ["Contact"]}, ["en", "de"])

    text = "\n".join(problems)
    assert "/en/index.html links to /en/gone/" in text
    assert "links to /media/x.jpg" in text and "links to /media/x-480.webp" in text
    assert "links to https://move.example.se/en/also-gone/" in text
    assert "other.example" not in text
    assert "The page /en/empty/index.html is empty" in text
    assert "The page /en/index.html has a relative link 'en/relative/'; links must start with /." in text
    assert "The de interface catalog lacks 1 translation(s): 'Contact'" in text


def test_a_template_string_missing_from_a_catalog_is_named(tmp_path):
    """A new string nobody extracted would go out in English: the catalog check names it."""
    import shutil

    from cms.theme import THEME_DIR, i18n

    theme = tmp_path / "theme"
    shutil.copytree(THEME_DIR, theme)
    assert i18n.translations(theme, "sv")[1] == ()
    (theme / "templates" / "extra.html").write_text('{{ _("A brand new sentence") }}', encoding="utf-8")
    missing = i18n.translations(theme, "sv")[1]
    assert missing == ("A brand new sentence (not in the catalog: extract and translate it)",)
    assert i18n.translations(theme, "en")[1] == ()  # the templates are English


def test_catalogs_kept_between_build_processes_follow_an_edited_template_or_catalog(tmp_path, monkeypatch):
    """A new build process takes the compiled catalogs and the templates' message ids from the build's cache
    (Babel is not asked again); a template or a catalog edited since is read afresh, never answered from the cache."""
    import shutil

    from cms.theme import THEME_DIR, i18n

    def new_process():
        monkeypatch.setattr(i18n, "_made", {})
        monkeypatch.setattr(i18n, "_catalogs", {})

    theme, kept = tmp_path / "theme", tmp_path / "cache"
    shutil.copytree(THEME_DIR, theme)
    assert i18n.translations(theme, "sv", kept)[1] == ()
    new_process()
    with monkeypatch.context() as babel_gone:
        babel_gone.setattr(i18n, "_template_messages", None)
        babel_gone.setattr(i18n, "_compile", None)
        assert i18n.translations(theme, "sv", kept)[1] == ()  # from the cache alone

    new_process()
    (theme / "templates" / "extra.html").write_text('{{ _("A brand new sentence") }}', encoding="utf-8")
    missing = i18n.translations(theme, "sv", kept)[1]
    assert missing == ("A brand new sentence (not in the catalog: extract and translate it)",)

    new_process()
    with open(i18n.catalog_path(theme, "sv"), "a", encoding="utf-8") as catalog:
        catalog.write('\nmsgid "A brand new sentence"\nmsgstr "En helt ny mening"\n')
    translations, missing = i18n.translations(theme, "sv", kept)
    assert missing == () and translations.gettext("A brand new sentence") == "En helt ny mening"


def test_inline_code_the_content_security_policy_would_block_is_named():
    """The theme's own inline stylesheet and picker pass (cms.base.csp hashes them); anything else inline that
    the strict policy blocks fails the build, naming the page."""
    from cms.base import csp

    allowed = (
        f"<style>{csp.site_stylesheet('#005a8c', '#f8cc5c')}</style><style>{csp.experiment_stylesheet()}</style>"
        f'<script type="application/json" id="ab-plan">{{"id": 1}}</script><script>{csp.experiment_picker()}</script>'
    )
    pages = {"en/index.html": PAGE.format(main=f"<p>Hello</p>{allowed}")}
    assert check_site(pages, "move.example.se", {}, ["en"]) == []

    pages["en/style/index.html"] = PAGE.format(main='<p style="color:red">Hi</p><style>p{color:red}</style>')
    pages["en/script/index.html"] = PAGE.format(
        main='<p><button onclick="go()">Go</button> <a href="javascript:go()">go</a></p><script>go()</script>'
    )
    text = "\n".join(check_site(pages, "move.example.se", {}, ["en"]))
    assert "/en/style/index.html has the attribute style=" in text
    assert "/en/style/index.html has an inline <style> the Content-Security-Policy does not allow" in text
    assert "/en/script/index.html has the attribute onclick=" in text
    assert "/en/script/index.html has a javascript: link" in text
    assert "/en/script/index.html has an inline <script> the Content-Security-Policy does not allow" in text
    assert "/en/index.html" not in text
