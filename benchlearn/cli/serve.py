"""``benchlearn serve``: the network's web server on this machine."""

from __future__ import annotations

import click

from benchlearn.cli.common import VERBOSITY, cli, engine_from, handles_errors, language


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")  # fmt: skip
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="ADDRESS",
    help="Address of the TLS proxy in front, whose X-Forwarded-For and X-Forwarded-Proto "
    "are believed (repeatable).",
)
@click.pass_context
@handles_errors
def serve(ctx: click.Context, host: str, port: int, trusted_proxies: tuple[str, ...]) -> None:
    """Serve the network's site per audience, sign-in and the JSON API over HTTP.

    Visitors who do not sign in see the public pages; users added with `users add`
    sign in at /login and see what their role may see. The API is under /api/v1/,
    and /health answers once the database does. One line per request goes to the
    log (stderr; -q keeps errors only). Put a TLS proxy in front for the internet.

    \b
    Example:
        benchlearn --db postgresql+psycopg://bench@db/bench serve --host 0.0.0.0 --port 8000
    """
    import logging

    import uvicorn

    from benchlearn.server import create_app

    engine = engine_from(ctx)
    app = create_app(engine=engine, lang=language(ctx), trusted_proxies=trusted_proxies)
    if ctx.find_root().meta.get(VERBOSITY, 0) >= 0:
        logging.getLogger("benchlearn.server").setLevel(logging.INFO)
    # uvicorn's own access log would repeat each request (with the client's address): the
    # server's line says what is needed, with the user's id.
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning",
                proxy_headers=False)  # fmt: skip
