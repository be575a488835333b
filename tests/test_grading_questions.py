"""A question that grades the leading condition's severity (`grades` in questions.yaml) is asked
however clear the lead: its answer changes what to do now, not the diagnosis."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from adapters.cli import app
from bot.messages import OutboundKind
from knowledge import DATA_DIR

runner = CliRunner()

BARKING = "my 2 year old has had a barking cough since last night and her breathing sounds noisy"


def test_a_clear_croup_is_asked_about_stridor_first(chat):
    out = chat.say(BARKING)
    assert out.kind == OutboundKind.question and out.question.question_id == "stridor"


def test_stridor_at_rest_makes_the_croup_an_emergency(chat):
    chat.say(BARKING)
    out = chat.say("yes, even at rest")
    assert out.kind == OutboundKind.answer
    assert out.answer.entries[0].condition_id == "croup"
    assert out.answer.urgency.level == "emergency"


def test_stridor_only_when_crying_is_no_emergency(chat):
    chat.say(BARKING)
    out = chat.say("only when she is crying")
    assert out.kind == OutboundKind.answer
    assert out.answer.entries[0].condition_id == "croup"
    assert out.answer.urgency.level != "emergency"


def test_stridor_told_in_the_message_is_not_asked_again(chat):
    out = chat.say("4yo with a barking cough and stridor at rest since this evening")
    assert out.kind == OutboundKind.answer or out.question.question_id != "stridor"


def test_lint_rejects_grading_an_unknown_condition(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    path = root / "questions.yaml"
    path.write_text(path.read_text().replace("grades: [croup]", "grades: [no_such_condition]"))
    result = runner.invoke(app, ["kb", "lint", "--knowledge", str(root)])
    assert (
        result.exit_code == 1 and "stridor.grades" in result.output and "unknown condition 'no_such_condition'" in result.output
    )


def test_a_clear_asthma_attack_is_asked_whether_they_can_speak_in_sentences(chat):
    out = chat.say("known asthmatic, wheezy and breathless since lunchtime, blue inhaler not working, 25M")
    assert out.kind == OutboundKind.question and out.question.question_id == "asthma_sentences"
    out = chat.say("no, only words")  # a "no" then the option's own words
    assert out.kind == OutboundKind.answer and out.answer.urgency.level == "emergency"
