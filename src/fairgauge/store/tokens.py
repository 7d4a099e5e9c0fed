"""API tokens: a random secret shown once at creation; the store keeps only its SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from fairgauge.store.engine import as_utc, utcnow
from fairgauge.store.records import TokenRecord
from fairgauge.store.schema import ApiTokenRow

PREFIX = "fg_"


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _record(row: ApiTokenRow) -> TokenRecord:
    return TokenRecord(
        id=row.id,
        name=row.name,
        created_at=as_utc(row.created_at),  # type: ignore[arg-type]
        revoked_at=as_utc(row.revoked_at),
        last_used_at=as_utc(row.last_used_at),
    )


class Tokens:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def create(self, name: str) -> tuple[TokenRecord, str]:
        """A new token; the secret is returned once and never stored."""
        secret = PREFIX + secrets.token_urlsafe(32)
        row = ApiTokenRow(name=name, token_hash=hash_token(secret), created_at=utcnow())
        with self._sessions.begin() as session:
            session.add(row)
            session.flush()
            record = _record(row)
        return record, secret

    def list(self) -> list[TokenRecord]:
        with self._sessions() as session:
            return [_record(row) for row in session.scalars(select(ApiTokenRow).order_by(ApiTokenRow.id))]

    def revoke(self, token_id: int) -> bool:
        with self._sessions.begin() as session:
            result = session.execute(
                update(ApiTokenRow)
                .where(ApiTokenRow.id == token_id, ApiTokenRow.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def verify(self, secret: str) -> TokenRecord | None:
        """The active token with this secret (its last use is noted), or None."""
        digest = hash_token(secret)
        with self._sessions.begin() as session:
            row = session.scalars(
                select(ApiTokenRow).where(ApiTokenRow.token_hash == digest, ApiTokenRow.revoked_at.is_(None))
            ).first()
            if row is None:
                return None
            row.last_used_at = utcnow()
            return _record(row)

    def any_active(self) -> bool:
        with self._sessions() as session:
            return session.scalars(select(ApiTokenRow.id).where(ApiTokenRow.revoked_at.is_(None))).first() is not None
