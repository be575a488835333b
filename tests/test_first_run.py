"""A new user's first minutes with the command line: nothing kept unasked, chat says what it keeps,
--version, and commands that load only what they need."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.cli import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "vignettes.jsonl"
CASE = "cramping calves at night in a 70 year old man on diuretics"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh user: an empty home and XDG folders, no DATABASE_URL, no .env in the working folder."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.chdir(tmp_path)
    from bot.settings import get_settings

    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, list(args), input=stdin)


def databases(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix in {".sqlite3", ".db", ".sqlite"}]


def stored_turns(db: Path) -> int:
    """The user's messages kept in the database."""
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from turns where role = 'user'").fetchone()[0]


def test_ask_keeps_nothing(home):
    result = run("ask", CASE)
    assert result.exit_code == 0, result.output
    assert "Single most likely diagnosis" in result.output
    assert databases(home) == []


def test_ask_json_keeps_nothing_and_still_names_the_first_question(home):
    result = run("ask", "--json", "pain in the calf")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["question"]["options"]
    assert databases(home) == []


def test_ask_save_keeps_the_turn_in_the_user_data_folder(home):
    result = run("ask", "--save", CASE)
    assert result.exit_code == 0, result.output
    [db] = databases(home)
    assert db.is_relative_to(home / "xdg_data_home")
    assert stored_turns(db) == 1


def test_eval_keeps_nothing_but_its_report(home):
    report = home / "report.jsonl"
    result = run("eval", str(FIXTURE), "--json", "--report", str(report))
    assert result.exit_code == 0, result.output
    assert report.exists()
    assert databases(home) == []


def test_chat_says_where_it_stores_and_for_how_long(home, monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "12")
    result = run("chat", stdin=f"{CASE}\nskip\nquit\n")
    assert result.exit_code == 0, result.output
    [db] = databases(home)
    first_lines = result.output.split("you>")[0]
    assert str(db) in first_lines and "12 days" in first_lines
    assert "Single most likely diagnosis" in result.output
    assert stored_turns(db) == 2


def test_chat_deletes_conversations_past_retention_when_it_starts(home, monkeypatch):
    assert run("ask", "--save", CASE).exit_code == 0
    [db] = databases(home)
    with sqlite3.connect(db) as conn:
        conn.execute("update conversations set updated_at = '2000-01-01 00:00:00'")
    monkeypatch.setenv("RETENTION_DAYS", "30")
    result = run("chat", stdin=f"{CASE}\nquit\n")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        keys = [k for (k,) in conn.execute("select key from conversations")]
    assert len(keys) == 1 and keys[0].startswith("chat-")  # the old one gone, the chat's own kept


def test_chat_ends_cleanly_at_end_of_input(home):
    result = run("chat", stdin=f"{CASE}\n")
    assert result.exit_code == 0, result.output
    assert "Question 1 of at most" in result.output or "Single most likely" in result.output


def test_version():
    from importlib.metadata import version

    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"ddxbot {version('ddxbot')}"


_HEAVY = ("spacy", "medspacy", "sqlalchemy", "sqlmodel")


def _modules_after(*args: str, watch: tuple[str, ...] = _HEAVY) -> set[str]:
    """The modules of ``watch`` a command imported, run in a fresh interpreter."""
    code = (
        "import sys\nfrom adapters.cli import app\n"
        f"try:\n    app({list(args)!r}, prog_name='ddxbot')\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {watch!r} if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    return set(json.loads(out.stdout.strip().splitlines()[-1].replace("'", '"')))


def test_version_and_lint_load_neither_the_nlp_nor_the_database():
    assert _modules_after("--version") == set()
    assert _modules_after("kb", "lint") == set()


def test_ask_without_save_never_opens_a_database(home):
    assert _modules_after("ask", CASE) == {"spacy", "medspacy"}


def test_ask_skips_spacys_command_line_and_quickumls(home):
    """A tenth and a quarter of a second of every cold start (bot/lean_imports.py)."""
    assert _modules_after("ask", CASE, watch=("spacy.cli", "requests", "quickumls", "nltk")) == set()


def test_spacy_command_line_still_works_after_the_lean_import():
    code = (
        "import bot.matching, spacy, spacy.cli, sys\n"
        "assert 'spacy.cli.info' in sys.modules and callable(spacy.cli.setup_cli)\n"
        "print(spacy.info()['spacy_version'])"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == version("spacy")


def _ask_with_stderr(tmp_path: Path, terminal: bool) -> str:
    """`ask` on an empty cache (a slow first run), its stderr a terminal or a pipe; stderr's text."""
    import pty

    env = {**os.environ, "PYTHONPATH": str(ROOT), "DDXBOT_CACHE_DIR": str(tmp_path / "cache"), "TERM": "xterm"}
    master, slave = pty.openpty() if terminal else os.pipe()  # (read end, write end) both
    proc = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "ask", CASE], stdout=subprocess.DEVNULL, stderr=slave, env=env, cwd=ROOT
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=120) == 0
    return b"".join(chunks).decode(errors="replace")


def test_a_slow_start_shows_a_spinner_on_a_terminal_only(tmp_path):
    assert "Loading the knowledge" in _ask_with_stderr(tmp_path / "tty", terminal=True)
    assert _ask_with_stderr(tmp_path / "pipe", terminal=False) == ""
