"""One typed, immutable settings object for the whole of fairgauge.

Values come, in rising priority, from the defaults below, an optional TOML file (``FAIRGAUGE_CONFIG``
or the ``--config`` option), environment variables prefixed ``FAIRGAUGE_`` and explicit keyword arguments.
Every external service is reached through a base URL held here so that tests, mirrors and private
deployments can point elsewhere; nothing in the code base hard-codes a public host.
"""

from __future__ import annotations

import ipaddress
import json
import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict, SettingsError

from fairgauge._version import __version__
from fairgauge.errors import ConfigError
from fairgauge.model.rendering import RenderMode
from fairgauge.model.terms import OntologySource

CONFIG_ENV_VAR = "FAIRGAUGE_CONFIG"
MAX_CONFIG_BYTES = 1_000_000  # a settings file is a few hundred bytes; /dev/zero must not be read forever
_CONFIG_FILE: ContextVar[Path | None] = ContextVar("fairgauge_config_file", default=None)


def _default_data_dir() -> Path:
    """The user data directory (platformdirs), home of the embedded SQLite store."""
    from platformdirs import user_data_path

    return user_data_path("fairgauge", appauthor=False)


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fairgauge"


class Settings(BaseSettings):
    """Every tunable of fairgauge. Documented per field; ``fairgauge settings`` prints the table."""

    model_config = SettingsConfigDict(env_prefix="FAIRGAUGE_", frozen=True, extra="forbid")

    # --- external services (base URLs) ---
    doi_resolver: str = Field("https://doi.org/", description="DOI resolver (proxy) base URL.")
    handle_resolver: str = Field("https://hdl.handle.net/", description="Handle System proxy base URL.")
    identifiers_org_resolver: str = Field(
        "https://identifiers.org/", description="identifiers.org resolver for compact identifiers (CURIEs)."
    )
    n2t_resolver: str = Field("https://n2t.net/", description="Name-to-Thing resolver used for ARKs.")
    urn_nbn_resolver: str = Field("https://nbn-resolving.org/", description="Resolver for urn:nbn URNs.")
    orcid_base: str = Field("https://orcid.org/", description="ORCID iD base URL.")
    doi_ra_api: str = Field(
        "https://doi.org/ra/",
        description="DOI registration-agency API (which agency holds a DOI prefix: DataCite, Crossref, ...).",
    )
    datacite_api: str = Field("https://api.datacite.org", description="DataCite REST API base URL.")
    crossref_api: str = Field("https://api.crossref.org", description="Crossref REST API base URL (works/{doi}).")
    datacite_content_negotiation: str = Field(
        "https://data.crosscite.org", description="DataCite content-negotiation service base URL."
    )
    re3data_api: str = Field("https://www.re3data.org/api/v1", description="re3data.org API base URL.")
    ols_api: str = Field("https://www.ebi.ac.uk/ols4/api", description="EBI Ontology Lookup Service (OLS4) API.")

    # --- HTTP behaviour ---
    # Every time setting is finite, positive and capped: `inf` or `nan` would switch a guard off.
    connect_timeout: float = Field(
        10.0, gt=0, le=300, allow_inf_nan=False, description="Seconds to establish a connection (at most 300)."
    )
    read_timeout: float = Field(
        20.0, gt=0, le=600, allow_inf_nan=False, description="Seconds to wait between bytes of a response (<= 600)."
    )
    request_deadline: float = Field(
        30.0,
        gt=0,
        le=3600,
        allow_inf_nan=False,
        description="Hard cap in seconds on one request, redirects and body included (at most 3600).",
    )
    max_response_bytes: int = Field(5_000_000, gt=0, description="Largest body read from one response.")
    max_redirects: int = Field(10, ge=0, description="Most redirects followed for one request.")
    user_agent: str = Field(
        f"fairgauge/{__version__} (FAIR assessment; +https://github.com/fairgauge/fairgauge)",
        description="User-Agent header sent with every request.",
    )
    contact: str | None = Field(
        None, description="Operator contact (email or URL) added to the User-Agent of batch runs."
    )
    per_host_concurrency: int = Field(4, ge=1, description="Most requests in flight to one host.")
    per_host_delay: float = Field(
        0.0, ge=0, le=60, allow_inf_nan=False, description="Seconds between two request starts to one host (<= 60)."
    )
    retry_attempts: int = Field(
        3,
        ge=0,
        le=10,
        description="Retries of a request answered 429 or 503 (backoff with jitter, Retry-After honoured).",
    )
    retry_max_wait: float = Field(
        30.0,
        gt=0,
        le=600,
        allow_inf_nan=False,
        description="Longest wait in seconds before one retry; a Retry-After asking for more gives up (<= 600).",
    )
    listing_retry_attempts: int = Field(
        6,
        ge=1,
        le=20,
        description="Tries of one run-input listing page (OAI-PMH, DataCite, sitemap) answered 429 or 503; "
        "a listing is worth more patience than one object's request.",
    )
    listing_retry_max_wait: float = Field(
        300.0,
        gt=0,
        le=600,
        allow_inf_nan=False,
        description="Longest wait in seconds before one retry of a listing page; a Retry-After asking for more "
        "gives up (<= 600).",
    )
    allow_private_network: bool = Field(
        False, description="Allow requests to loopback, private, link-local and reserved addresses."
    )
    private_network_allowlist: tuple[str, ...] = Field(
        (),
        description="Non-public address ranges (CIDR, e.g. 10.1.0.0/16) reachable even when allow_private_network "
        "is off: an intranet repository, without opening every internal address.",
    )

    # --- harvesting choices ---
    use_datacite: bool = Field(True, description="Query the DataCite API and re3data for DOIs.")
    content_negotiation: bool = Field(True, description="Try content negotiation on the PID and landing URL.")
    content_sample_files: int = Field(5, ge=0, description="Most content files sampled for the D tests.")
    content_sample_bytes: int = Field(1_000_000, gt=0, description="Bytes read from each sampled file.")
    max_followed_metadata_links: int = Field(
        8, ge=0, le=1000, description="Most describedby/meta/alternate metadata links followed from one landing page."
    )
    max_linksets: int = Field(4, ge=0, le=1000, description="Most rel=linkset documents read for one landing page.")

    # --- JavaScript rendering of landing pages (optional extra fairgauge[render] + chromium) ---
    render_javascript: RenderMode = Field(
        "auto",
        description="Render the landing page in a browser: auto (only when it looks script-generated), "
        "always or never.",
    )
    render_chromium_path: Path = Field(Path("/usr/bin/chromium"), description="Chromium executable to render with.")
    render_time_budget: float = Field(
        20.0,
        gt=0,
        le=600,
        allow_inf_nan=False,
        description="Seconds one page may take to render, sub-requests included (counted from when chromium is up).",
    )
    render_max_requests: int = Field(100, ge=0, description="Most sub-requests one rendered page may make.")
    render_screenshot_max_bytes: int = Field(
        250_000, ge=0, description="Largest screenshot thumbnail kept as evidence (0: no screenshot)."
    )

    # --- local state ---
    cache_dir: Path = Field(default_factory=_default_cache_dir, description="Caches (ontology index, OLS).")
    data_dir: Path = Field(
        default_factory=_default_data_dir, description="User data directory; holds the embedded SQLite store."
    )
    database_url: str | None = Field(
        None,
        description="Store URL (sqlite:///FILE or postgresql://...); default a SQLite file in data_dir.",
    )

    # --- service (fairgauge serve) ---
    replay: Annotated[tuple[Path, ...], NoDecode] = Field(
        (),
        description="WARC archives the whole service answers from (audit/demo mode; FAIRGAUGE_REPLAY lists them "
        "separated by the path separator ':').",
    )
    api_max_body_bytes: int = Field(10_000_000, gt=0, description="Largest request body the API accepts (413).")
    api_basic_auth: str | None = Field(
        None, description="USER:PASSWORD: require HTTP Basic auth on the F-UJI routes, as F-UJI can (off by default)."
    )
    api_require_token: bool = Field(
        False, description="Write endpoints need an API token (fairgauge tokens create) as 'Authorization: Bearer'."
    )
    api_rate_limit: int = Field(
        120, ge=0, description="Requests per minute one client may make to the API (0: no limit)."
    )
    service_max_concurrent_assessments: int = Field(
        4,
        ge=1,
        description="Assessments run at once (native API, web form and F-UJI evaluate share the cap); the rest "
        "wait their turn in arrival order.",
    )
    service_max_waiting_evaluations: int = Field(
        64,
        ge=0,
        description="F-UJI evaluate requests that may wait for a free slot (their client holds the connection "
        "open); beyond that the server answers 503 with Retry-After instead of piling them up.",
    )

    @field_validator(
        "doi_resolver",
        "handle_resolver",
        "identifiers_org_resolver",
        "n2t_resolver",
        "urn_nbn_resolver",
        "orcid_base",
        "doi_ra_api",
        "tracks_obo_purl_base",
    )
    @classmethod
    def _resolver_ends_with_slash(cls, value: str) -> str:
        """Resolvers are prefixes: the identifier is appended, so they must end with '/'."""
        return value if value.endswith("/") else value + "/"

    @field_validator("replay", mode="before")
    @classmethod
    def _split_paths(cls, value: Any) -> Any:
        """From the environment: a path list like PATH (``a.warc.gz:b.warc.gz``)."""
        if isinstance(value, str):
            return tuple(Path(p) for p in value.split(os.pathsep) if p.strip())
        return value

    @field_validator("private_network_allowlist")
    @classmethod
    def _networks_parse(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """Checked at load so a typo is a settings error, not a silent refusal at connect time."""
        return tuple(str(ipaddress.ip_network(item.strip(), strict=False)) for item in value)

    @field_validator("datacite_api", "crossref_api", "datacite_content_negotiation", "re3data_api", "ols_api")
    @classmethod
    def _api_without_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _TomlFileSource(settings_cls))

    # --- FAIRtracks ---
    tracks_ontology_source: OntologySource = Field(
        "offline",
        description="FAIRtracks term source: offline index, ols (OLS4, then offline) or off.",
    )
    tracks_ontology_files: Annotated[tuple[Path, ...], NoDecode] = Field(
        (),
        description="Local ontology files (OBO, OWL RDF/XML, OBO Graphs JSON) for FAIRtracks term checks; "
        "in the environment a JSON list or paths separated by the path separator (':' on POSIX).",
    )

    @field_validator("tracks_ontology_files", mode="before")
    @classmethod
    def _path_list(cls, value: Any) -> Any:
        """The environment gives a string: a JSON list, or a PATH-style list (what people type)."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"not a JSON list of paths ({exc.msg})") from exc
        return [part for part in text.split(os.pathsep) if part]

    tracks_packaged_ontologies: bool = Field(
        True, description="Use ontology data shipped in cellxgene-ontology-guide and edam-ontology."
    )
    tracks_ols_cache_days: float = Field(
        30.0, ge=0, le=3650, allow_inf_nan=False, description="Days an OLS4 answer is reused from the cache (<= 3650)."
    )
    tracks_resolve_curies: bool = Field(False, description="Check online that FAIRtracks CURIEs resolve.")
    tracks_max_online_lookups: int = Field(
        500, gt=0, le=1_000_000, description="Distinct online term lookups (OLS4) one validation may make."
    )
    tracks_obo_purl_base: str = Field(
        "http://purl.obolibrary.org/obo/",
        description="Base URL of OBO ontology releases for `tracks ontologies fetch` (NAME.obo is appended).",
    )
    tracks_ontology_urls: tuple[str, ...] = Field(
        ("efo=http://www.ebi.ac.uk/efo/efo.obo",),
        description="NAME=URL release URLs of ontologies the OBO PURL base does not serve (`tracks ontologies fetch`).",
    )
    tracks_ontology_max_bytes: int = Field(
        2_000_000_000, gt=0, description="Largest ontology file `tracks ontologies fetch` downloads."
    )
    tracks_max_problems_per_document: int = Field(
        1000, gt=0, description="FAIRtracks problems listed per document; the rest are counted by kind."
    )
    tracks_max_problems: int = Field(
        10_000, gt=0, description="FAIRtracks problems listed per validation run; the rest are counted by kind."
    )


class _TomlFileSource(PydanticBaseSettingsSource):
    """Reads the TOML file named by ``FAIRGAUGE_CONFIG`` (keys as in :class:`Settings`)."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls)
        path = _CONFIG_FILE.get() or (Path(os.environ[CONFIG_ENV_VAR]) if os.environ.get(CONFIG_ENV_VAR) else None)
        self._data: dict[str, Any] = read_config_file(path) if path else {}

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self._data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self._data)


def read_config_file(path: Path) -> dict[str, Any]:
    """Parse a TOML config file; settings may sit at top level or under a ``[fairgauge]`` table."""
    if path.exists() and not path.is_file():
        raise ConfigError(f"config file {path} is not a regular file")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except OSError as exc:
        raise ConfigError(f"config file {path} cannot be read: {exc.strerror or exc}") from exc
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"config file {path} is larger than {MAX_CONFIG_BYTES} bytes")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not readable TOML: {exc}") from exc
    except RecursionError as exc:  # tomllib parses nested arrays and inline tables recursively
        raise ConfigError(f"config file {path} is not readable TOML: nested too deeply") from exc
    table = data.get("fairgauge", data)
    if not isinstance(table, dict):
        raise ConfigError(f"config file {path}: [fairgauge] must be a table")
    return table


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults < config file < environment < ``overrides``; errors are ConfigError.

    The file goes through the same source as ``FAIRGAUGE_CONFIG`` (so the environment still wins over it);
    a context variable hands its path to that source for the duration of this call only.
    """
    token = _CONFIG_FILE.set(config_file)
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from exc
    except SettingsError as exc:  # a value the environment source could not even decode
        raise ConfigError(f"invalid settings: {exc}") from exc
    finally:
        _CONFIG_FILE.reset(token)
