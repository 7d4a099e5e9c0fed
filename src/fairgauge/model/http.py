"""HTTP exchanges: the request that produced each piece of evidence."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from fairgauge.model.base import FrozenModel

ErrorKind = Literal[
    "connect",
    "timeout",
    "too_large",
    "too_many_redirects",
    "redirect_loop",
    "refused_private",
    "not_in_archive",
    "protocol",
    "invalid_url",
    "content_coding",
    "unavailable",  # 429/503 still after the retries the settings allow (or a Retry-After beyond their cap)
]

# How a replayed request was answered: the archive held the URL itself, or only the URL without its query.
ReplayMatch = Literal["exact", "fuzzy"]


class RetriedAnswer(FrozenModel):
    """An answer that said "come back later" (429 or 503) and how long the fetcher waited before asking
    again: the politeness of a harvest is evidence too."""

    status: int
    retry_after: float | None = Field(None, description="Seconds the server asked for (Retry-After), if any.")
    waited: float = Field(
        description="Seconds waited before the next attempt (backoff with jitter, at least Retry-After)."
    )


class Redirect(FrozenModel):
    """One hop of a redirect chain."""

    url: str
    status: int
    location: str


class Exchange(FrozenModel):
    """One request as sent and the response as received (after following redirects).

    ``headers`` keeps every response header in order, repeated ones too (several ``Link`` headers).
    ``error`` is set when no usable response arrived; ``error_kind`` classifies why.
    """

    id: int
    purpose: str = Field(description="Why the request was made, e.g. landing_page, content_negotiation:schemaorg@pid.")
    method: str = "GET"
    request_url: str
    accept: str | None = None
    final_url: str | None = None
    redirects: list[Redirect] = Field(default_factory=list)
    status: int | None = None
    headers: list[tuple[str, str]] = Field(default_factory=list)
    content_type: str | None = Field(None, description="Media type of the final response, no parameters.")
    size: int | None = Field(None, description="Body bytes read.")
    truncated: bool = False
    elapsed_ms: float = 0.0
    replayed: bool = False
    replay_match: ReplayMatch | None = Field(
        None, description="Replayed: exact URL match, or fuzzy (answered by the URL without its query string)."
    )
    error: str | None = None
    error_kind: ErrorKind | None = None
    retries: list[RetriedAnswer] = Field(
        default_factory=list, description="429/503 answers retried before the final one (live requests only)."
    )

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    def header_values(self, name: str) -> list[str]:
        """All values of a header, case-insensitively, in order."""
        lower = name.lower()
        return [value for key, value in self.headers if key.lower() == lower]
