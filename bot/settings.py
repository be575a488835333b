"""Settings from the environment (and a ``.env`` file), with pydantic-settings."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from platformdirs import user_data_dir
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """A SQLite file in the user's data directory: works with no set-up at all."""
    return f"sqlite:///{Path(user_data_dir('ddxbot')) / 'ddxbot.sqlite3'}"


def describe_database(url: str) -> str:
    """Where a database URL keeps data, for people: a SQLite file's path, else the server and
    database name without user or password."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///") or "memory"
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"the database {parts.path.lstrip('/') or '(default)'} on {host}{port}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = ""
    # Seconds before a database that does not answer is called unavailable (bot.db_timeouts):
    # opening a connection, one statement, waiting for a lock, for a pooled connection, and
    # holding one connection (a turn's transaction) before it is cut.
    database_connect_timeout: float = 3.0
    database_statement_timeout: float = 5.0
    database_lock_timeout: float = 5.0
    database_pool_timeout: float = 3.0
    database_stall_timeout: float = 6.0
    knowledge_dir: str = ""  # empty: the bundled knowledge
    # Slack (adapters/slack): the bot token and signing secret for HTTP mode, the app-level token
    # for Socket Mode, and the Web API base URL (a proxy, GovSlack, or a test server).
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = "https://slack.com/api/"
    # Telegram (adapters/telegram): the bot token from BotFather, the secret Telegram sends back in
    # X-Telegram-Bot-Api-Secret-Token on every webhook call, the public webhook URL (for
    # `ddxbot telegram set-webhook`), and the Bot API base URL (a Local Bot API Server, or a test server).
    telegram_bot_token: str = ""
    telegram_webhook_secret: str = ""
    telegram_webhook_url: str = ""
    telegram_api_url: str = "https://api.telegram.org/bot"

    # Who may use the bot (comma-separated ids; empty: anyone who can reach it). A Telegram bot is
    # reachable by anyone who finds it: without an allowlist, TELEGRAM_ACCESS_CODE gates it.
    slack_allowed_teams: str = ""
    slack_allowed_channels: str = ""
    telegram_allowed_chats: str = ""
    telegram_allowed_users: str = ""
    telegram_access_code: str = ""
    telegram_code_tries: int = 5  # wrong access codes in a row before a user is locked out…
    telegram_code_lock_minutes: int = 15  # …for this long (counted in the database, for every worker)
    # In channels and groups only the person who started a case may answer its questions and
    # continue it; true lets everyone there work on it together. Forgetting is the starter's
    # (or a workspace/group admin's) either way.
    shared_conversations: bool = False
    # Limits and retention.
    rate_limit_per_minute: int = 20  # messages per user per minute, across workers; 0: no limit
    retention_days: int = 30  # conversations untouched this long are purged (daily, and `ddxbot purge`)
    # Logs: one JSON object per line (for a log platform) or plain text; never message text at INFO+.
    log_json: bool = False
    log_level: str = "INFO"
    # At LOG_LEVEL=DEBUG, let the libraries log the payloads they send and receive (message text,
    # health information): for a debugging session on purpose only; a warning at start-up says so.
    log_message_text: bool = False
    # The web server's worker processes (Heroku and others set WEB_CONCURRENCY).
    web_concurrency: int = 1
    # How long a redelivered event waits for its first delivery before sending the stored reply
    # itself: longer than a turn and its post take, shorter than Slack's first delayed retry (1 min).
    delivery_lease_seconds: float = 30.0
    # Turn threads per worker process: one conversation's turns run one at a time and in order on
    # them, so a burst in one conversation does not hold up the others.
    turn_threads: int = 4

    @staticmethod
    def ids(value: str) -> frozenset[str]:
        """A comma-separated allowlist as a set of ids (spaces ignored)."""
        return frozenset(part.strip() for part in value.split(",") if part.strip())

    @property
    def secrets(self) -> list[str]:
        """What the logs must never show: tokens, signing and webhook secrets, the access code and
        the database password (short test values excepted: redacting "s" would garble every line)."""
        values = [
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
            self.telegram_bot_token,
            self.telegram_webhook_secret,
            self.telegram_access_code,
            url_password(self.database_url),
        ]
        return [v for v in values if len(v) >= 6]

    @property
    def effective_database_url(self) -> str:
        return self.database_url or default_database_url()

    @property
    def upgrades_itself(self) -> bool:
        """A SQLite file belongs to one machine and is migrated in place (its writers take turns);
        a PostgreSQL database is shared by workers and migrated by ``ddxbot db upgrade`` (the
        Procfile's release phase), never by workers racing each other at start-up."""
        return self.effective_database_url.startswith("sqlite")


def url_password(url: str) -> str:
    """The password in a database URL ("" when there is none)."""
    return unquote(urlsplit(url).password or "") if "://" in url else ""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
