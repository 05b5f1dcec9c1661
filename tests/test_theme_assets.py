"""The theme's static files are published under names that change with their content, so that
browsers may keep them a year (`immutable`) and still get a changed script at once."""

import re

import pytest

from cms.theme import assets


@pytest.fixture
def theme(tmp_path, monkeypatch):
    static = tmp_path / "static"
    (static / "js").mkdir(parents=True)
    (static / "js" / "site.js").write_text("console.log(1);\n")
    monkeypatch.setattr(assets, "STATIC_DIR", static)
    return static


def test_a_script_is_named_by_its_content_and_renamed_when_it_changes(theme):
    first = assets.asset_url("js/site.js")
    assert re.fullmatch(r"/theme/js/site\.[0-9a-f]{12}\.js", first)
    assert assets.asset_url("js/site.js") == first
    (theme / "js" / "site.js").write_text("console.log('changed');\n")
    assert assets.asset_url("js/site.js") != first


def test_the_build_writes_each_file_under_the_name_pages_use(theme, tmp_path):
    output = tmp_path / "site" / "theme"
    assets.write_assets(output)
    written = output / assets.asset_url("js/site.js").removeprefix("/theme/")
    assert written.read_text() == "console.log(1);\n"


def test_a_template_naming_a_missing_file_is_told_which(theme):
    with pytest.raises(FileNotFoundError, match="no static file 'js/gone.js'"):
        assets.asset_url("js/gone.js")


def test_every_script_of_the_theme_is_named_through_asset_url():
    """A literal /theme/ address in a template would be cached a year under a name that never changes."""
    from cms.theme import THEME_DIR

    literal = [
        path.name
        for path in (THEME_DIR / "templates").rglob("*.html")
        if re.search(r"""(src|href)=["']/theme/""", path.read_text(encoding="utf-8"))
    ]
    assert literal == []


def test_the_previous_release_s_scripts_stay_one_release_longer(theme, tmp_path):
    """A page cached before a publish names the scripts of the release before: they are still there,
    and gone the release after."""
    first = tmp_path / "release-1" / "theme"
    assets.write_assets(first)
    old_name = assets.fingerprinted("js/site.js")
    (theme / "js" / "site.js").write_text("console.log('changed');\n")
    second = tmp_path / "release-2" / "theme"
    assets.write_assets(second, previous=first)
    assert (second / old_name).read_text() == "console.log(1);\n"
    assert (second / assets.fingerprinted("js/site.js")).is_file()
    (theme / "js" / "site.js").write_text("console.log('changed again');\n")
    third = tmp_path / "release-3" / "theme"
    assets.write_assets(third, previous=second)
    assert not (third / old_name).exists()
    assert len(list((third / "js").iterdir())) == 2  # this release's and the one before's
