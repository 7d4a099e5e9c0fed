"""Settings: defaults, TOML file, FAIRGAUGE_* environment, validation, and the settings command."""

from __future__ import annotations

from pathlib import Path

import annotated_types
import pytest

from fairgauge.errors import ConfigError
from fairgauge.settings import Settings, load_settings
from tests.cli.run import fairgauge


def test_safe_defaults() -> None:
    settings = Settings()
    assert settings.allow_private_network is False
    assert settings.max_response_bytes == 5_000_000
    assert settings.doi_resolver == "https://doi.org/" and settings.datacite_api == "https://api.datacite.org"


def test_every_setting_is_documented() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"


def test_file_then_environment_then_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "fairgauge.toml"
    config.write_text('[fairgauge]\ndoi_resolver = "http://127.0.0.1:9/doi"\nmax_redirects = 3\nuse_datacite = false\n')
    monkeypatch.setenv("FAIRGAUGE_MAX_REDIRECTS", "4")
    settings = load_settings(config)
    assert settings.doi_resolver == "http://127.0.0.1:9/doi/"  # resolvers are prefixes: '/' added
    assert settings.max_redirects == 4  # the environment wins over the file
    assert settings.use_datacite is False
    assert load_settings(config, max_redirects=7).max_redirects == 7


def test_config_file_named_by_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "c.toml"
    config.write_text('re3data_api = "http://127.0.0.1:9/re3data/"\n')
    monkeypatch.setenv("FAIRGAUGE_CONFIG", str(config))
    assert Settings().re3data_api == "http://127.0.0.1:9/re3data"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("max_redirects = -1", "max_redirects"),
        ("no_such_setting = 1", "no_such_setting"),
        ("max_redirects = [", "not readable TOML"),
    ],
)
def test_bad_config_is_a_config_error(tmp_path: Path, content: str, message: str) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(config)


def test_cli_reports_a_bad_config_in_one_line(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("max_response_bytes = 0")
    done = fairgauge("--config", str(config), "settings")
    assert done.returncode == 2 and "max_response_bytes" in done.stderr and "Traceback" not in done.stderr
    missing = fairgauge("--config", str(tmp_path / "none.toml"), "settings")
    assert missing.returncode == 2 and "config file not found" in missing.stderr


def test_settings_command_prints_every_setting() -> None:
    done = fairgauge("settings", "--json")
    assert done.returncode == 0
    import json

    assert set(json.loads(done.stdout)) == set(Settings.model_fields)


TIME_SETTINGS = ["connect_timeout", "read_timeout", "request_deadline", "per_host_delay", "tracks_ols_cache_days"]


@pytest.mark.parametrize("name", TIME_SETTINGS)
@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "-1", "1e9"])
def test_time_settings_are_finite_and_bounded(name: str, value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(f"FAIRGAUGE_{name.upper()}", value)
    with pytest.raises(ConfigError, match=name):
        load_settings()


@pytest.mark.parametrize("name", ["connect_timeout", "read_timeout", "request_deadline"])
def test_timeouts_must_be_positive(name: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings(**{name: 0})


def test_every_float_setting_is_finite_with_a_maximum() -> None:
    """A new time setting without bounds fails here: `inf` must never switch a guard off."""
    for name, field in Settings.model_fields.items():
        if field.annotation is not float:
            continue
        kinds = {type(m) for m in field.metadata}
        allow = [getattr(m, "allow_inf_nan", None) for m in field.metadata]
        assert annotated_types.Le in kinds or annotated_types.Lt in kinds, f"{name} has no maximum"
        assert False in allow, f"{name} accepts inf/nan"


def test_infinite_deadline_is_a_one_line_cli_error() -> None:
    done = fairgauge("harvest", "10.1/x", env={"FAIRGAUGE_REQUEST_DEADLINE": "inf"})
    assert done.returncode == 2
    assert done.stderr.strip() == "error: invalid settings: request_deadline: Input should be a finite number"


def test_readme_security_section_lists_every_limit_setting() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Security", 1)[1].split("\n## ", 1)[0]
    limits = [
        "allow_private_network",
        "max_response_bytes",
        "max_redirects",
        "request_deadline",
        "connect_timeout",
        "read_timeout",
        "per_host_concurrency",
        "per_host_delay",
        "max_linksets",
        "max_followed_metadata_links",
        "content_sample_files",
        "content_sample_bytes",
    ]
    for name in limits:
        assert name in Settings.model_fields
        assert f"`{name}`" in section, f"README security section does not list {name}"
