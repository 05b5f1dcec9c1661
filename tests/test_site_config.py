"""sites/<slug>.toml: every kommun configured, and broken files reported by file and key."""

import shutil

import pytest

from cms.base.exceptions import ConfigurationError
from cms.base.site_config import load_all_sites

KOMMUNER = {
    "arjeplog": "Arjeplog",
    "arvidsjaur": "Arvidsjaur",
    "boden": "Boden",
    "gallivare": "Gällivare",
    "haparanda": "Haparanda",
    "jokkmokk": "Jokkmokk",
    "kalix": "Kalix",
    "kiruna": "Kiruna",
    "lulea": "Luleå",
    "pajala": "Pajala",
    "pitea": "Piteå",
    "alvsbyn": "Älvsbyn",
    "overkalix": "Överkalix",
    "overtornea": "Övertorneå",
}


def test_all_fourteen_kommuner_are_configured():
    configs = load_all_sites()
    assert {slug: config.name for slug, config in configs.items()} == KOMMUNER
    for config in configs.values():
        assert config.languages[0] == "sv"
        assert {"sv", "en"} <= set(config.languages)


@pytest.fixture
def sites_copy(tmp_path, settings):
    directory = tmp_path / "sites"
    shutil.copytree(settings.SITES_DIR, directory)
    settings.SITES_DIR = directory
    return directory


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_errors_name_the_file_and_key_and_are_reported_together(sites_copy):
    edit(sites_copy / "pitea.toml", "languages = [", 'languages = ["xx", ')
    text = (sites_copy / "boden.toml").read_text(encoding="utf-8")
    (sites_copy / "boden.toml").write_text(
        text.replace("[location]", "[location]\nlatitude_typo = 1", 1), encoding="utf-8"
    )

    with pytest.raises(ConfigurationError) as caught:
        load_all_sites(sites_copy)

    message = str(caught.value)
    assert "pitea.toml" in message and "languages" in message and "xx" in message
    assert "boden.toml" in message and "location.latitude_typo" in message


def test_unreadable_brand_colour_is_refused(sites_copy):
    path = sites_copy / "kiruna.toml"
    text = path.read_text(encoding="utf-8")
    import re

    path.write_text(re.sub(r'primary = "#[0-9a-fA-F]{6}"', 'primary = "#ffff00"', text, count=1), encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"kiruna\.toml.*brand\.primary.*contrast"):
        load_all_sites(sites_copy)


def test_coordinates_outside_norrbotten_are_refused(sites_copy):
    path = sites_copy / "lulea.toml"
    import re

    text = re.sub(r"latitude = [0-9.]+", "latitude = 59.33", path.read_text(encoding="utf-8"), count=1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"lulea\.toml.*latitude"):
        load_all_sites(sites_copy)


def test_invalid_toml_names_the_file(sites_copy):
    (sites_copy / "pajala.toml").write_text("slug = \n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"pajala\.toml is not valid TOML"):
        load_all_sites(sites_copy)
