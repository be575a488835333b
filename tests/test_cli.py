"""The command line as a user runs it: ask, --json, kb show, eval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.cli import app

FIXTURE = Path(__file__).parent / "fixtures" / "vignettes.jsonl"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    from bot.settings import get_settings

    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, list(args))
    get_settings.cache_clear()


def test_ask_prints_tiers_and_disclaimer(run):
    result = run("ask", "nocturnal leg and butt spasms in a 62 year old woman")
    assert result.exit_code == 0
    for heading in ("Single most likely diagnosis", "Do not miss", "Rare diagnoses", "Professional disclaimer"):
        assert heading in result.output


def test_ask_json_is_machine_readable(run):
    result = run("ask", "--json", "severe muscle spasms in the inner thigh when standing up after lying prone")
    assert result.exit_code == 0
    data = json.loads(result.output)
    entries = data["answer"]["entries"]
    assert entries[0]["tier"] == "most_likely" and entries[0]["rank"] == 1
    for e in entries:
        assert {"condition_id", "name", "icd10", "tier", "rank", "posterior", "reasons_for", "reasons_against"} <= set(e)
        assert 0.0 <= e["posterior"] <= 1.0
    assert data["disclaimer"]
    assert "question" in data


def test_ask_empty_text_is_a_clear_error(run):
    result = run("ask", "  ")
    assert result.exit_code == 1
    assert "empty" in result.output
    assert "Traceback" not in result.output


def test_kb_show_by_id_and_by_abbreviation(run):
    result = run("kb", "show", "restless_legs_syndrome")
    assert result.exit_code == 0
    assert "IRLSSG" in result.output or "Allen RP" in result.output
    assert run("kb", "show", "RLS").output == result.output
    missing = run("kb", "show", "no such thing")
    assert missing.exit_code == 1 and "no condition" in missing.output


def test_eval_scores_fixture_and_reports_malformed_lines(run, tmp_path):
    report = tmp_path / "report.jsonl"
    result = run("eval", str(FIXTURE), "--json", "--options", "--report", str(report))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{") :])
    assert summary["items"] == 3
    assert summary["malformed_lines"] == 2
    assert summary["coverage"] == 1.0
    assert summary["top3"] >= 2 / 3
    assert summary["options_accuracy"] >= 2 / 3
    rows = [json.loads(line) for line in report.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["own-1", "own-2", "own-3"]
    assert "line 3" in result.output and "line 5" in result.output


def test_eval_missing_file_is_a_clear_error(run, tmp_path):
    result = run("eval", str(tmp_path / "nope.jsonl"))
    assert result.exit_code == 2
    assert "no such file" in result.output
