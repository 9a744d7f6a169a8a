"""Every setting is documented in the README and can be set through its MARSAD_* env var."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.config import PROJECT_ROOT, SETTINGS, get_settings
from etl.errors import ConfigError

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme_with_its_default_and_help(setting):
    assert f"| `{setting.env_var}` | `{setting.default}` | {setting.help} |" in README


def test_env_vars_override_defaults_and_relative_paths_are_from_the_project_root(monkeypatch):
    monkeypatch.setenv("MARSAD_DB", "elsewhere/x.duckdb")
    monkeypatch.setenv("MARSAD_MAP_MAX_POINTS", "123")
    monkeypatch.setenv("MARSAD_PROGRESS", "no")
    settings = get_settings()
    assert settings.db == PROJECT_ROOT / "elsewhere" / "x.duckdb"
    assert settings.map_max_points == 123
    assert settings.progress is False
    assert get_settings(db="/tmp/y.duckdb").db == Path("/tmp/y.duckdb")


def test_bad_values_are_refused_naming_the_variable(monkeypatch):
    monkeypatch.setenv("MARSAD_MAP_MAX_POINTS", "lots")
    with pytest.raises(ConfigError, match="MARSAD_MAP_MAX_POINTS"):
        get_settings()
    monkeypatch.delenv("MARSAD_MAP_MAX_POINTS")
    monkeypatch.setenv("MARSAD_LANGUAGE", "fr")
    with pytest.raises(ConfigError, match="MARSAD_LANGUAGE"):
        get_settings()
