"""The ``ddxbot`` command line: ask, chat, eval, and knowledge-base tools."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import typer

from knowledge import DATA_DIR, KnowledgeError, read_knowledge
from knowledge.lint import lint

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bot.conversations import Conversations, Housekeeping
    from bot.settings import Settings
    from knowledge import Knowledge

T = TypeVar("T")  # what a database opener returns

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold message text (health information)
    help="ddxbot: differential diagnosis for clinical teams.",
)
kb_app = typer.Typer(no_args_is_help=True, help="Knowledge-base tools.")
app.add_typer(kb_app, name="kb")

KnowledgeDir = Annotated[Optional[Path], typer.Option("--knowledge", help="Knowledge data folder (default: bundled).")]


def _knowledge(knowledge: Path | None) -> Knowledge:
    """The validated knowledge (--knowledge, else KNOWLEDGE_DIR, else bundled), or a clear message
    and exit 1 when it is broken."""
    from bot.settings import get_settings
    from knowledge import load_knowledge

    try:
        return load_knowledge(knowledge or get_settings().knowledge_dir or None)
    except KnowledgeError as exc:
        typer.echo(f"error: {exc}\nRun 'ddxbot kb lint' for every problem.", err=True)
        raise typer.Exit(1) from exc


def _storeless(knowledge: Path | None) -> Conversations:
    """The port without a database, on ``_knowledge`` (the default core is built once per process);
    a spinner while a cold cache makes it slow."""
    from bot.collector import collector_paused
    from bot.spinner import spinner

    with spinner("Loading the knowledge…"), collector_paused():
        from bot.conversations import Conversations, load_core

        kb = _knowledge(knowledge)
        return Conversations.storeless(load_core(kb if knowledge else None))


def _conversations(knowledge: Path | None, *, platform: bool = False) -> Conversations:
    """The port on the configured database: for the terminal (no rate limit, no lease) or, with
    ``platform``, with the settings' rate limit, lease and sharing. Exits with a clear message
    when the database is unreachable (1) or its schema is not current (2)."""
    from bot.conversations import Conversations
    from bot.settings import get_settings

    core = _storeless(knowledge).core
    return _opened(lambda: Conversations.open(get_settings(), core, platform=platform))


def _admin() -> Housekeeping:
    """The database alone (no knowledge loaded), for ``purge``, ``access`` and the check before ``serve``."""
    from bot.conversations import Housekeeping
    from bot.settings import get_settings

    return _opened(lambda: Housekeeping(get_settings()))


def _opened(open_database: Callable[[], T]) -> T:
    """What ``open_database`` returns, or a clear exit: 2 when the schema is not current, 1 when
    the database cannot be reached (any driver error: a message, not a traceback)."""
    from bot.schema_version import SchemaError

    try:
        return open_database()
    except SchemaError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    except Exception as exc:  # noqa: BLE001 — any driver error: a clear message, not a traceback
        typer.echo(f"error: cannot open the database ({type(exc).__name__}). Check DATABASE_URL.", err=True)
        raise typer.Exit(1) from exc


def _check_database() -> None:
    _admin().close()


def _serving(
    run: Callable[[Settings, Conversations], Coroutine[Any, Any, None]], settings: Settings, knowledge: Path | None
) -> Coroutine[Any, Any, None]:
    """``run`` on a platform port opened now (a clear exit when the database is not usable), whose
    turn threads stop when it returns."""
    conversations = _conversations(knowledge, platform=True)

    async def running() -> None:
        try:
            await run(settings, conversations)
        finally:
            conversations.close()

    return running()


@app.command()
def ask(
    text: Annotated[str, typer.Argument(help="The presentation, in a sentence.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable answer.")] = False,
    save: Annotated[
        bool, typer.Option("--save", help="Keep the question and answer in the database (default: keep nothing).")
    ] = False,
    knowledge: KnowledgeDir = None,
) -> None:
    """Answer one presentation at once (no clarifying questions); nothing is stored unless --save."""
    from bot.messages import Inbound, OutboundKind
    from bot.render_text import render_text

    inbound = Inbound("cli", f"ask-{uuid.uuid4().hex}", "cli", text=text, one_shot=True)
    conversations = _conversations(knowledge) if save else _storeless(knowledge)
    try:
        shot = asyncio.run(conversations.one_shot(inbound))
    finally:
        conversations.close()
    out = shot.reply
    if as_json:
        payload = out.to_dict()
        payload["question"] = shot.question
        answer = payload.get("answer") or {}
        scope = answer.get("scope") or payload.get("scope")
        payload["scope"] = {k: scope[k] for k in ("covered", "complaints", "uncovered")} if scope else None
        payload["urgency"] = answer.get("urgency") or (scope or {}).get("urgency")
        payload["unexplained"] = answer.get("unexplained", [])
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        typer.echo(render_text(out))
    raise typer.Exit(1 if out.kind == OutboundKind.error else 0)


@app.command()
def chat(knowledge: KnowledgeDir = None) -> None:
    """Interactive: describe a case, answer up to three questions, then ask follow-ups."""
    from adapters.chat import Loader, read_lines
    from bot.messages import Inbound
    from bot.render_text import render_text
    from bot.settings import describe_database, get_settings

    settings = get_settings()
    loader = Loader(lambda: _chat_conversations(knowledge, settings.retention_days))
    typer.echo("ddxbot — describe the presentation. 'help' for help, 'new' to start over, 'quit' to leave.")
    typer.echo(
        f"This conversation is stored in {describe_database(settings.effective_database_url)} and "
        f"deleted after {settings.retention_days} days untouched (RETENTION_DAYS); 'ddxbot purge' deletes sooner."
    )
    key = f"chat-{uuid.uuid4().hex}"
    with asyncio.Runner() as loop:
        for text in read_lines("\nyou> "):
            if text.strip().lower() in {"quit", "exit", "q"}:
                break
            out = loop.run(loader.result().take_turn(Inbound("cli", key, "cli", text=text)))
            if out is not None:
                typer.echo("\n" + render_text(out))


def _chat_conversations(knowledge: Path | None, retention_days: int) -> Conversations:
    """The chat's port, with what outlived the retention period purged first (the terminal has
    no daily purge of its own, as the web process has)."""
    conversations = _conversations(knowledge)
    asyncio.run(conversations.purge(timedelta(days=retention_days)))
    return conversations


@app.command("eval")
def evaluate(
    path: Annotated[Path, typer.Argument(help="Vignettes, one JSON object per line.")],
    options: Annotated[bool, typer.Option("--options", help="Rank only the conditions the answer options name.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    report: Annotated[Path, typer.Option(help="Per-item report (JSON lines).")] = Path("ddxbot-eval-report.jsonl"),
    part: Annotated[
        str, typer.Option(help="all, or the 'tune' or 'check' part of a development set (a fixed hash of each id).")
    ] = "all",
    plot: Annotated[
        Optional[Path], typer.Option(help="Write a reliability plot (PNG) of stated probability against observed frequency.")
    ] = None,
    knowledge: KnowledgeDir = None,
) -> None:
    """Score the core on vignettes: top-1/3/10, coverage, and --options accuracy."""
    from rich.console import Console
    from rich.progress import track
    from rich.table import Table

    from bot.evaluation import Evaluator, read_vignettes, reliability_plot, split_part, summarise, write_report

    if not path.is_file():
        typer.echo(f"error: no such file: {path}", err=True)
        raise typer.Exit(2)
    if part not in ("all", "tune", "check"):
        raise typer.BadParameter("use all, tune or check", param_hint="--part")
    items, errors = read_vignettes(path)
    items = [v for v in items if part == "all" or split_part(v.id) == part]
    for message in errors:
        typer.echo(f"skipped {path.name} {message}", err=True)
    if not items:
        typer.echo("error: no readable vignette in the file.", err=True)
        raise typer.Exit(1)
    evaluator = Evaluator(_storeless(knowledge).core)
    results = [evaluator.run_item(v, options) for v in track(items, description="Evaluating", disable=as_json)]
    summary = summarise(results, options, len(errors))
    write_report(report, results)
    if plot:
        reliability_plot(summary.calibration, plot, f"ddxbot — {path.name} ({summary.items} vignettes)")
    if as_json:
        typer.echo(json.dumps(asdict(summary), indent=2))
        return
    table = Table(title=f"ddxbot eval — {path.name} ({summary.items} vignettes)")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name in ("top1", "top3", "top10", "coverage", "options_accuracy"):
        value = getattr(summary, name)
        if value is not None:
            table.add_row(name.replace("_", " "), f"{value:.1%}")
    if summary.do_not_miss_sensitivity is not None:
        table.add_row(
            f"do-not-miss sensitivity ({summary.do_not_miss_items} dangerous golds)", f"{summary.do_not_miss_sensitivity:.1%}"
        )
    if summary.unmatched_options:
        table.add_row("options naming no condition", str(summary.unmatched_options))
    table.add_row("malformed lines", str(summary.malformed_lines))
    console = Console()
    console.print(table)
    _print_breakdowns(console, summary)
    typer.echo(f"per-item report: {report}")


def _print_breakdowns(console, summary) -> None:
    """The calibration table and the per-body-system figures of an eval summary."""
    from rich.table import Table

    cal = Table(title="calibration: stated probability vs observed frequency (first ten per item)")
    for name in ("bin", "conditions", "stated", "observed"):
        cal.add_column(name, justify="right")
    for row in summary.calibration:
        cal.add_row(row["bin"], str(row["n"]), f"{row['stated']:.1%}", f"{row['observed']:.1%}")
    console.print(cal)
    if summary.by_system:
        systems = Table(title="by body system")
        for name in ("system", "items", "top1", "top3", "top10", "coverage"):
            systems.add_column(name, justify="right" if name != "system" else "left")
        for name, row in summary.by_system.items():
            systems.add_row(name, str(row["items"]), *(f"{row[k]:.1%}" for k in ("top1", "top3", "top10", "coverage")))
        console.print(systems)


@kb_app.command("lint")
def kb_lint(knowledge: KnowledgeDir = None) -> None:
    """Validate the knowledge base; exit 1 on any error."""
    kb, problems = read_knowledge(knowledge or DATA_DIR)
    if kb is not None:
        problems += lint(kb)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        typer.echo(str(p), err=p.severity == "error")
    if kb is not None:
        typer.echo(
            f"{len(kb.conditions)} conditions, {len(kb.findings)} findings, {len(kb.questions)} questions, "
            f"{len(kb.sources)} sources; version {kb.version}"
        )
    typer.echo(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s)")
    raise typer.Exit(1 if errors else 0)


@kb_app.command("show")
def kb_show(condition: Annotated[str, typer.Argument(help="Condition id or name.")], knowledge: KnowledgeDir = None) -> None:
    """Print a condition card: key features, workup, red flags, sources."""
    from bot.render_text import render_text

    card, close = _storeless(knowledge).exact_card(condition)
    if card is None:
        typer.echo(
            f"error: no condition '{condition}' in the knowledge." + (f" The closest: {'; '.join(close)}." if close else ""),
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(render_text(card))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT", help="Port (default: $PORT, else 3000).")] = 3000,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Worker processes (default: $WEB_CONCURRENCY, else 1).")] = None,
    knowledge: KnowledgeDir = None,
) -> None:
    """Run the web app: Slack events, the Telegram webhook, GET /healthz and /readyz."""
    import os

    import uvicorn

    from adapters.web import PlatformConfigError, check_settings
    from bot.settings import get_settings

    settings = get_settings()
    _configure_logs()
    try:
        check_settings(settings)  # before the knowledge and the database are loaded
    except PlatformConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    _check_database()  # the schema is current (or migrated, embedded default) before any worker starts
    if knowledge:
        os.environ["KNOWLEDGE_DIR"] = str(knowledge)  # read by every worker's Core.default()
        get_settings.cache_clear()  # a worker run in this process reads it too, not the settings read above
    _knowledge(knowledge)  # a broken knowledge base: one clear message here, not one per worker
    # No access log: the platform's router logs requests; ours are the turn logs, with ids only.
    # log_config=None: uvicorn's own records go through our handler (JSON when LOG_JSON is set).
    uvicorn.run(
        "adapters.web:from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers or settings.web_concurrency,
        log_config=None,
        access_log=False,
    )


def _configure_logs() -> None:
    """Long-running processes log to stderr, as LOG_JSON and LOG_LEVEL say (never message text at INFO+)."""
    from bot.logs import configure
    from bot.settings import get_settings

    settings = get_settings()
    configure(json=settings.log_json, level=settings.log_level, secrets=settings.secrets, message_text=settings.log_message_text)


def _run_worker(
    check: Callable[[], None],
    config_error: type[Exception],
    run: Callable[[], Coroutine],
    explain: Callable[[Exception], str | None] = lambda _exc: None,
) -> None:
    """A long-running platform worker: settings checked first (a clear error, exit 2), then run
    until interrupted; the service (knowledge, database) is built only after the check passes.
    A failure ``explain`` recognises (a rejected token, an unreachable API) is one line and exit 2."""
    _configure_logs()
    try:
        check()
    except config_error as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    with contextlib.suppress(KeyboardInterrupt):
        try:
            asyncio.run(run())
        except Exception as exc:
            message = explain(exc)
            if message is None:
                raise
            typer.echo(f"error: {message}", err=True)
            raise typer.Exit(2) from None  # no chained traceback: the token is in PTB's message


@app.command()
def slack(
    socket: Annotated[bool, typer.Option("--socket", help="Socket Mode (needs SLACK_APP_TOKEN): no public URL.")] = False,
    knowledge: KnowledgeDir = None,
) -> None:
    """Run the Slack bot in Socket Mode, for development (production: `ddxbot serve`)."""
    from adapters.slack import SlackConfigError
    from adapters.slack.app import require
    from bot.settings import get_settings

    if not socket:
        typer.echo("error: HTTP mode runs with 'ddxbot serve'; use 'ddxbot slack --socket' for Socket Mode.", err=True)
        raise typer.Exit(2)
    from adapters.slack.socket_mode import run_socket_mode

    settings = get_settings()
    _run_worker(
        lambda: require(settings, "slack_bot_token", "slack_app_token"),
        SlackConfigError,
        lambda: _serving(run_socket_mode, settings, knowledge),
    )


telegram_app = typer.Typer(help="Telegram: polling for development, webhook registration for production.")
app.add_typer(telegram_app, name="telegram")


@telegram_app.callback(invoke_without_command=True)
def telegram(
    ctx: typer.Context,
    polling: Annotated[
        bool, typer.Option("--polling", help="Long-poll getUpdates (needs only TELEGRAM_BOT_TOKEN): no public URL.")
    ] = False,
    knowledge: KnowledgeDir = None,
) -> None:
    """Run the Telegram bot by polling, for development (production: webhook, `ddxbot serve`)."""
    if ctx.invoked_subcommand is not None:
        return
    if not polling:
        typer.echo(
            "error: the webhook runs in 'ddxbot serve' (register it with 'ddxbot telegram set-webhook'); "
            "use 'ddxbot telegram --polling' for development.",
            err=True,
        )
        raise typer.Exit(2)
    from adapters.telegram.app import TelegramConfigError, require, run_polling
    from bot.settings import get_settings

    settings = get_settings()
    _run_worker(
        lambda: require(settings, "telegram_bot_token"),
        TelegramConfigError,
        lambda: _serving(run_polling, settings, knowledge),
        lambda exc: _telegram_failure(exc, settings.telegram_api_url),
    )


def _telegram_failure(exc: Exception, api_url: str) -> str | None:
    """One line for the start-up failures a new admin meets, without the token (PTB's own message
    for a rejected token quotes it); None for anything else."""
    from urllib.parse import urlsplit

    from telegram.error import InvalidToken, NetworkError

    api = urlsplit(api_url)
    where = f"{api.scheme}://{api.hostname}" + (f":{api.port}" if api.port else "")
    if isinstance(exc, InvalidToken):
        return f"Telegram ({where}) rejected TELEGRAM_BOT_TOKEN: copy the token again from @BotFather."
    if isinstance(exc, NetworkError):
        return (
            f"cannot reach the Telegram Bot API at {where} ({type(exc).__name__}). "
            "Check the network, a proxy, or TELEGRAM_API_URL."
        )
    return None


@telegram_app.command("set-webhook")
def telegram_set_webhook() -> None:
    """Register TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET with Telegram."""
    from adapters.telegram.app import TelegramConfigError, set_webhook
    from bot.settings import get_settings

    settings = get_settings()
    try:
        url = asyncio.run(set_webhook(settings))
    except TelegramConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    except Exception as exc:
        message = _telegram_failure(exc, settings.telegram_api_url)
        if message is None:
            raise
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"webhook set: {url}")


def _duration(text: str) -> timedelta:
    """'30d', '12h' or '90m' as a timedelta."""
    units = {"d": "days", "h": "hours", "m": "minutes"}
    number, unit = text.strip()[:-1], text.strip()[-1:].lower()
    if unit not in units or not number.isdecimal():
        raise typer.BadParameter("use a number and a unit: 30d, 12h or 90m", param_hint="--older-than")
    return timedelta(**{units[unit]: int(number)})


@app.command()
def purge(
    older_than: Annotated[
        Optional[str], typer.Option(help="Age, e.g. 30d, 12h (default: RETENTION_DAYS days, else 30d).")
    ] = None,
) -> None:
    """Delete conversations untouched for longer than the retention period (the web process does it daily)."""
    from bot.settings import get_settings

    age_text = older_than or f"{get_settings().retention_days}d"
    deleted = asyncio.run(_admin().purge(_duration(age_text)))
    typer.echo(f"purged data older than {age_text}: " + ", ".join(f"{n} {what}" for what, n in deleted.items()))


access_app = typer.Typer(no_args_is_help=True, help="Access grants (users let in by TELEGRAM_ACCESS_CODE).")
app.add_typer(access_app, name="access")


@access_app.command("list")
def access_list() -> None:
    """Every grant: platform, user id, when granted and last used, and whether it is for the current code."""
    from adapters.telegram.access import fingerprint
    from bot.settings import get_settings

    current = fingerprint(get_settings().telegram_access_code.strip())
    grants = _admin().grants()
    for g in grants:
        code = "current code" if current and g.code_fingerprint == current else "old code (no longer valid)"
        seen = f"{g.last_seen_at:%Y-%m-%d %H:%M}" if g.last_seen_at else "never"
        typer.echo(f"{g.platform}\t{g.user_key}\tgranted {g.created_at:%Y-%m-%d %H:%M}\tlast used {seen}\t{code}")
    typer.echo(f"{len(grants)} grant(s)")


@access_app.command("revoke")
def access_revoke(
    platform: Annotated[str, typer.Argument(help="The platform, e.g. telegram.")],
    user: Annotated[str, typer.Argument(help="The user id, as `ddxbot access list` prints it.")],
) -> None:
    """Take a user's access away at once (they must send the access code again); exit 1 when there was none."""
    if not asyncio.run(_admin().revoke(platform, user)):
        typer.echo(f"error: no grant for {platform} user {user}.", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked: {platform} user {user}")


db_app = typer.Typer(no_args_is_help=True, help="Database schema: migrations with Alembic.")
app.add_typer(db_app, name="db")


def _engine() -> contextlib.AbstractContextManager[Engine]:
    """The configured database's engine, without the store's schema check (``db`` commands)."""
    from bot.conversations import database
    from bot.settings import get_settings

    return database(get_settings())


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate DATABASE_URL (or the embedded SQLite) to this version's schema: the release step."""
    from bot import schema_version

    with _engine() as engine:
        try:
            before, after = schema_version.upgrade(engine)
        except Exception as exc:  # noqa: BLE001 — unreachable database, failed migration: say which, exit 1
            typer.echo(f"error: the upgrade failed ({type(exc).__name__}: {exc}). Nothing was changed.", err=True)
            raise typer.Exit(1) from exc
    typer.echo(f"database schema: {before or 'empty'} -> {after}" if before != after else f"database schema is current ({after})")


@db_app.command("current")
def db_current() -> None:
    """Print the database's schema revision and the one this code needs; exit 1 when they differ."""
    from bot import schema_version

    with _engine() as engine, engine.connect() as conn:
        found = schema_version.current(conn)
    typer.echo(f"database: {found or 'no ddxbot tables'}; code: {schema_version.head()}")
    raise typer.Exit(0 if found == schema_version.head() else 1)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"ddxbot {version('ddxbot')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            typer.echo("ddxbot (not installed)")
        raise typer.Exit()


@app.callback()
def _options(
    _: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """ddxbot: differential diagnosis for clinical teams."""


def main() -> None:
    """Console-script entry point."""
    app(prog_name="ddxbot")


if __name__ == "__main__":
    main()
