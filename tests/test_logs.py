"""``bot.logs``: one root handler on stderr; JSON lines carry the structured extras a collector needs."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime

import pytest

from bot import logs


@pytest.fixture
def root() -> logging.Logger:
    """The root logger (conftest restores its level and removes ``configure``'s handler afterwards)."""
    return logging.getLogger()


def lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines()]


def test_json_lines_carry_the_standard_fields_and_every_extra(root: logging.Logger, capsys) -> None:
    logs.configure(json=True, level="INFO")
    log = logging.getLogger("bot.service")
    log.info("turn handled", extra={"platform": "slack", "conversation": 42, "event_id": "C1:1.2", "kind": "answer"})
    log.info("telegram turn", extra={"update_id": 900001, "rows": 3, "custom_field": [1, "two"]})
    log.debug("not at this level")
    first, second = lines(capsys.readouterr().err)
    assert {k: first[k] for k in ("level", "logger", "message")} == {
        "level": "INFO",
        "logger": "bot.service",
        "message": "turn handled",
    }
    assert {k: first[k] for k in ("platform", "conversation", "event_id", "kind")} == {
        "platform": "slack",
        "conversation": 42,
        "event_id": "C1:1.2",
        "kind": "answer",
    }
    assert datetime.fromisoformat(first["time"]).utcoffset() is not None, "timestamps say their zone"
    assert second["update_id"] == 900001 and second["rows"] == 3 and second["custom_field"] == [1, "two"]
    assert "msg" not in first and "args" not in first and "levelno" not in first, "only what a reader needs"


def test_json_arguments_are_merged_and_tracebacks_stay_on_one_line(root: logging.Logger, capsys) -> None:
    logs.configure(json=True, level="warning")
    try:
        raise OSError("disk full")
    except OSError:
        logging.getLogger("adapters.web").exception("purge failed: %s", "OSError", extra={"rows": 0})
    err = capsys.readouterr().err
    (record,) = lines(err)
    assert err.count("\n") == 1
    assert record["message"] == "purge failed: OSError" and record["level"] == "ERROR" and record["rows"] == 0
    assert "OSError: disk full" in record["exc_info"]


def test_plain_format_is_one_readable_line(root: logging.Logger, capsys) -> None:
    logs.configure(level="INFO")
    logging.getLogger("adapters.slack.app").warning("slack request refused", extra={"team": "T1"})
    logging.getLogger("adapters.slack.app").debug("too quiet")
    err = capsys.readouterr().err
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING adapters\.slack\.app: slack request refused\n", err)


def test_configure_again_replaces_its_handler_and_keeps_others(root: logging.Logger, capsys) -> None:
    other = logging.NullHandler()
    root.addHandler(other)
    logs.configure(json=False, level="DEBUG")
    logs.configure(json=True, level="DEBUG")
    assert other in root.handlers and root.level == logging.DEBUG
    logging.getLogger("x").debug("once")
    root.removeHandler(other)
    assert [r["message"] for r in lines(capsys.readouterr().err)] == ["once"]


def test_unknown_level_is_refused(root: logging.Logger) -> None:
    with pytest.raises(ValueError):
        logs.configure(level="LOUD")


@pytest.mark.parametrize("json_lines", [False, True])
def test_secrets_are_redacted_in_messages_extras_and_tracebacks(root: logging.Logger, capsys, json_lines: bool) -> None:
    token = "123456:SECRET-token_abcdefghij"
    logs.configure(json=json_lines, level="DEBUG", secrets=[token, "xoxb-secret-slack"])
    log = logging.getLogger("httpx")
    log.info("HTTP Request: POST https://api.telegram.org/bot%s/sendMessage", token)
    log.info("quoted: %s", "bot123456%3ASECRET-token_abcdefghij", extra={"url": f"https://x/bot{token}/getMe"})
    try:
        raise RuntimeError("Authorization: Bearer xoxb-secret-slack")
    except RuntimeError:
        logging.getLogger("bot.service").exception("failed")
    written = capsys.readouterr().err
    assert "SECRET-token" not in written and "xoxb-secret-slack" not in written
    assert written.count("[redacted]") >= 4 and "RuntimeError" in written
