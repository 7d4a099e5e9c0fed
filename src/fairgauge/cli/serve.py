"""``fairgauge serve`` (the REST API and its docs) and ``fairgauge tokens`` (API tokens in the store)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fairgauge.cli.common import err_console, fail, settings_from

if TYPE_CHECKING:
    from fairgauge.store import Store

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="Store URL: sqlite:///FILE or postgresql://... (else $FAIRGAUGE_DATABASE_URL, else SQLite in the "
        "user data directory).",
    ),
]

tokens_app = typer.Typer(
    help="API tokens for the write endpoints (only a hash is stored; the secret is shown once).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        ctx: typer.Context,
        host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0: any free port).")] = 8000,
        database_url: DatabaseOption = None,
        replay: Annotated[
            list[Path] | None,
            typer.Option(
                "--replay",
                help="Answer every request from this WARC archive (repeatable; also $FAIRGAUGE_REPLAY): "
                "a reproducible demo and audit mode, fully offline.",
            ),
        ] = None,
        allow_private: Annotated[
            bool, typer.Option("--allow-private-network", help="Allow loopback/private targets (tests, demos).")
        ] = False,
    ) -> None:
        """Run the REST API (F-UJI-compatible and native) with its docs at /docs."""
        import uvicorn

        from fairgauge.compose import build_services
        from fairgauge.web.app import create_app

        settings = settings_from(ctx, database_url=database_url, allow_private_network=True if allow_private else None)
        for archive in replay or settings.replay:
            if not archive.is_file():
                fail(f"no such archive: {archive}")
        services = build_services(settings, replay=list(replay) if replay else None)
        app = create_app(services=services)
        services.settle()
        mode = f"replaying {', '.join(services.replayed)}" if services.replayed else "live"
        err_console.print(f"fairgauge: store {services.store.url if services.store else '-'}; {mode}", markup=False)
        try:
            uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=10)
        finally:
            services.close()

    app.add_typer(tokens_app, name="tokens")


def _store(ctx: typer.Context, database_url: str | None) -> Store:
    from fairgauge.compose import build_store

    return build_store(settings_from(ctx), database_url)


@tokens_app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="What the token is for (shown by 'tokens list').")],
    database_url: DatabaseOption = None,
) -> None:
    """Create a token and print its secret (once: only a hash is kept)."""
    if not name.strip():
        fail("the token name is empty")
    store = _store(ctx, database_url)
    record, secret = store.tokens.create(name.strip())
    store.close()
    err_console.print(f"token {record.id} '{record.name}' created; send it as 'Authorization: Bearer <token>':")
    typer.echo(secret)


@tokens_app.command("list")
def list_tokens(ctx: typer.Context, database_url: DatabaseOption = None) -> None:
    """List tokens: id, state, created, last used, name."""
    store = _store(ctx, database_url)
    for token in store.tokens.list():
        state = "active" if token.active else "revoked"
        used = token.last_used_at.isoformat(timespec="seconds") if token.last_used_at else "never"
        typer.echo(
            f"{token.id:>4}  {state:<7}  {token.created_at.isoformat(timespec='seconds')}  {used:<25}  {token.name}"
        )
    store.close()


@tokens_app.command("revoke")
def revoke(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(help="Token id (from 'tokens list').")],
    database_url: DatabaseOption = None,
) -> None:
    """Revoke a token (it stops working at once)."""
    store = _store(ctx, database_url)
    done = store.tokens.revoke(token_id)
    store.close()
    if not done:
        fail(f"no active token {token_id}")
    typer.echo(f"token {token_id} revoked")
