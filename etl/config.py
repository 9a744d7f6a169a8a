"""Every Marsad setting, once: name, default, help. Each can be set by an env var MARSAD_<NAME>.

`get_settings()` reads the environment each time it is called (no work at import time).
`marsad config` prints them all; tests/test_config.py checks every setting is documented in README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from etl.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: Callable[[str], Any] = str

    @property
    def env_var(self) -> str:
        return f"MARSAD_{self.name.upper()}"


def _path(value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"{value!r} is not a yes/no value")


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "data/marsad.duckdb", "Path of the DuckDB event store (relative paths are from the project root).", _path),
    Setting("knowledge_dir", "data/knowledge", "Folder with the actor dictionary, trigger words and gazetteer.", _path),
    Setting("geo_dir", "data/geo", "Folder with the OCHA boundary GeoJSON files.", _path),
    Setting("samples_dir", "data/samples", "Folder with the bundled datasets and example articles loaded by `marsad etl rebuild`.", _path),
    Setting("tile_url", "", "Online map tile URL template (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png). Empty: offline, OCHA boundaries only.", str),
    Setting("tile_attribution", "", "Attribution shown with the online tiles when tile_url is set.", str),
    Setting("map_max_points", 5000, "Most individual event markers the map draws; beyond it events are aggregated and the map says so.", int),
    Setting("map_max_bytes", 2_000_000, "Upper bound of the map payload in bytes.", int),
    Setting("cache_ttl", 600, "Seconds a dashboard query result stays cached.", int),
    Setting("cache_max_entries", 64, "Most cached results per dashboard query.", int),
    Setting("language", "en", "Default dashboard language: en or ar.", str),
    Setting("browser_path", "/usr/bin/chromium", "Chromium used for chart/PDF exports (kaleido) and browser tests.", str),
    Setting("dedup_distance_km", 10.0, "Events of the same sub-type closer than this (and overlapping in date) may be merged.", float),
    Setting("progress", True, "Show progress bars on long ETL work.", _bool),
    Setting("csv_max_columns", 1000, "Most columns a dataset CSV may have; a file with more is refused before it is read.", int),
    Setting("csv_max_field_bytes", 1_000_000, "Longest field (bytes) of a dataset CSV; a row with a longer one is quarantined, the rest loads.", int),
    Setting("gzip_max_bytes", 4_000_000_000, "Most bytes a .gz input may decompress to; a larger one is refused.", int),
    Setting("gzip_max_ratio", 100.0, "Most a .gz input may expand (decompressed / compressed bytes); a file expanding more (a zip bomb) is refused.", float),
    Setting("keep_background_events", False, "Also keep events an article mentions as background (over a year before it was published), at confidence below 0.5; off: only the article's news.", _bool),
    Setting("article_max_chars", 2_000_000, "Longest article text (characters) that is read; a longer article is quarantined with the reason.", int),
    Setting("fetch_allowed_hosts", "", "Comma-separated host names of internal feeds that may be fetched although they resolve to private addresses (only public addresses are fetched otherwise).", str),
    Setting("fetch_max_redirects", 5, "Most redirects followed when fetching a feed URL.", int),
    Setting("fetch_max_bytes", 20_000_000, "Largest response (bytes) read when fetching a feed URL.", int),
    Setting("fetch_timeout", 30.0, "Seconds a feed URL fetch may take to connect and to wait for data.", float),
    Setting("review_db", "", "Review decisions store (SQLAlchemy URL, e.g. postgresql+psycopg://user@host/marsad). Empty: a SQLite file next to the event store (<db>.reviews.sqlite).", str),
    Setting("user", "", "Who makes review decisions (recorded in the audit trail). Empty: the OS user.", str),
    Setting("sources_file", "data/sources.toml", "The news sources `marsad etl watch` polls (docs/FEEDS.md).", _path),
    Setting("watch_host_interval", 2.0, "Seconds from the end of one request to a host to the start of the next while polling sources (per-host rate limit).", float),
    Setting("watch_retries", 2, "Times a failed request of a poll is tried again (network error, timeout, HTTP 5xx or 429).", int),
    Setting("watch_retry_backoff", 2.0, "Seconds before the first retry of a failed request; doubled for each further retry.", float),
    Setting("watch_retry_after", 300, "Seconds before a source whose poll failed is polled again (doubled after each further failure, never later than its interval).", int),
    Setting("watch_item_max_bytes", 5_000_000, "Largest article page (bytes) fetched for a feed or sitemap item; a larger one is quarantined.", int),
    Setting("watch_max_items", 100, "Most new items one poll of a source reads; the rest wait for the next polls.", int),
    Setting("watch_full_text_chars", 1000, "A feed entry with less text than this is a summary: its article page is fetched and cleaned (trafilatura).", int),
    Setting("alert_min_events", 5, "Surge alerts: fewest events in the 7- or 30-day window for an events surge (one event in a quiet village is no surge).", int),
    Setting("alert_min_fatalities", 10, "Surge alerts: fewest fatalities in the window for a fatalities surge.", int),
    Setting("alert_p_value", 0.0001, "Surge alerts: largest Poisson tail probability P(X >= observed) under the baseline rate that raises an alert.", float),
    Setting("alert_min_ratio", 2.0, "Surge alerts: the window's count must be at least this many times the count the baseline expects.", float),
    Setting("alert_baseline_days", 84, "Surge alerts: days of the baseline just before the window (12 weeks); also how far back an area's events must go for first-seen actor and new-type alerts.", int),
    Setting("alert_cooldown_days", 14, "Surge alerts: days after a surge alert during which the same area or actor, measure and window raises no new one.", int),
    Setting("alert_quiet_days", 90, "Alerts: days without events after which an area that turns active raises an alert.", int),
    Setting("alert_atom_path", "", "Atom feed file of the latest 100 alerts, rewritten by every load that adds alerts (relative paths are from the project root). Empty: no feed.", str),
    Setting("alert_webhook_url", "", "URL that receives each load's new alerts as a JSON POST. Empty: no webhook. A failure is recorded, never fails the load.", str),
    Setting("alert_webhook_timeout", 5.0, "Seconds the alert webhook POST may take before it is given up (and recorded as failed).", float),
    Setting("auth", "none", "Dashboard sign-in: none (one analyst on this machine; refuses a public address), accounts (built-in accounts: `marsad users`), oidc (st.login with the provider in .streamlit/secrets.toml).", str),
    Setting("auth_max_failures", 5, "Failed sign-ins in a row after which a built-in account is locked.", int),
    Setting("auth_lockout_minutes", 15, "Minutes a built-in account stays locked after too many failed sign-ins.", int),
    Setting("session_minutes", 480, "Minutes a dashboard sign-in lasts before the analyst must sign in again.", int),
    Setting("oidc_default_role", "viewer", "Role of an OIDC-signed-in user who has no account row (`marsad users add EMAIL --role ... --no-password` gives another).", str),
)
_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    values: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def get_settings(**overrides: Any) -> Settings:
    """Resolve every setting: explicit override > env var MARSAD_* > default."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if overrides.get(setting.name) is not None:
            raw = overrides[setting.name]
        else:
            raw = os.environ.get(setting.env_var, setting.default)
        if isinstance(raw, str) or setting.kind is _path:
            try:
                raw = setting.kind(str(raw))
            except ValueError as exc:
                raise ConfigError(f"{setting.env_var}: {exc}") from None
        values[setting.name] = raw
    unknown = set(overrides) - set(_BY_NAME)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    if values["language"] not in ("en", "ar"):
        raise ConfigError("MARSAD_LANGUAGE must be 'en' or 'ar'")
    if values["auth"] not in ("none", "accounts", "oidc"):
        raise ConfigError(f"MARSAD_AUTH must be none, accounts or oidc (not {values['auth']!r})")
    if values["oidc_default_role"] not in ("viewer", "analyst", "admin"):
        raise ConfigError("MARSAD_OIDC_DEFAULT_ROLE must be viewer, analyst or admin")
    return Settings(values)
