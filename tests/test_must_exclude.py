"""A complaint's must-exclude causes (a finding's `must_exclude`): the dangerous conditions a source
says every patient with that complaint needs ruling out. They come first among the do-not-miss
extras, so a likelier but rarer killer cannot crowd out the ones every clinician rules out; yet
never one the patient cannot have or the findings argue against."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import Chat
from typer.testing import CliRunner

from adapters.cli import app
from bot.differential import Tier
from bot.engine import Core
from bot.messages import OutboundKind
from knowledge import DATA_DIR, load_knowledge
from support.yaml_files import read_yaml

runner = CliRunner()


def _answer(chat: Chat, text: str):
    out = chat.say(text, one_shot=True)
    assert out.kind == OutboundKind.answer, out.text
    return out.answer


def test_shocked_crushing_chest_pain_keeps_dissection_and_embolism_in_do_not_miss(chat):
    """The issue's example: a coronary syndrome leads, and the two other killers of the chest
    pain's 'big three' stand in do-not-miss though the findings favour the heart."""
    answer = _answer(chat, "58M smoker, crushing central chest pain to the left arm, sweaty, BP 90/60")
    tiers = {e.condition_id: e.tier for e in answer.entries}
    assert answer.entries[0].condition_id in {"stemi", "nstemi", "unstable_angina"}
    assert tiers.get("aortic_dissection") == Tier.do_not_miss
    assert tiers.get("pulmonary_embolism") == Tier.do_not_miss
    assert answer.urgency.level == "emergency"


def test_a_retracted_nipple_after_forty_keeps_breast_cancer_in_view(chat):
    """Duct ectasia may be near certain from thick green discharge from many ducts, but a nipple
    change at 50 or over is a suspected cancer referral (NICE NG12): the cancer stays in
    do-not-miss and the answer is not self care."""
    answer = _answer(
        chat, "woman of 58, creamy greenish discharge from many ducts in both nipples and the left nipple has pulled in"
    )
    tiers = {e.condition_id: e.tier for e in answer.entries}
    assert answer.entries[0].condition_id == "mammary_duct_ectasia"
    assert tiers.get("breast_cancer") == Tier.do_not_miss
    assert answer.urgency.level != "self_care"


@pytest.mark.parametrize(
    "text",
    [
        "70 year old man, heavy pressure in the chest for an hour, clammy, pressure 85/50",
        "chest tightness going up into the jaw for 40 minutes in a 62 year old diabetic man",
        "woman of 50 with sudden chest pain and short of breath since this morning",
    ],
)
def test_acute_chest_pain_names_the_big_three_somewhere(chat, text):
    """Whatever leads, an acute chest pain's answer names a coronary syndrome, aortic dissection
    and pulmonary embolism (Bautz 2020), each in some tier."""
    shown = {e.condition_id for e in _answer(chat, text).entries}
    assert shown & {"stemi", "nstemi", "unstable_angina"}
    assert {"aortic_dissection", "pulmonary_embolism"} <= shown


@pytest.fixture(scope="module")
def pregnancy_must_core(tmp_path_factory) -> Core:
    """The shipped knowledge with ectopic pregnancy made a must-exclude cause of abdominal pain."""
    root = tmp_path_factory.mktemp("kb") / "data"
    shutil.copytree(DATA_DIR, root)
    _set_must_exclude(root, "sym_abdominal_pain", ["ectopic_pregnancy"])
    return Core(load_knowledge(root))


def _set_must_exclude(root: Path, fid: str, conditions: list[str], source: str = "bautz2020_chest_pain_big_three") -> None:
    path = root / "findings" / "symptoms.yaml"
    data = read_yaml(path)
    finding = next(f for f in data["findings"] if f["id"] == fid)
    finding["must_exclude"] = {"conditions": conditions, "source": source}
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_a_must_exclude_cause_the_patient_cannot_have_is_never_listed(pregnancy_must_core):
    shown = {e.condition_id for e in _answer(Chat(pregnancy_must_core), "35M lower abdominal pain since yesterday").entries}
    assert "ectopic_pregnancy" not in shown


def test_a_must_exclude_cause_the_patient_can_have_is_listed(pregnancy_must_core):
    answer = _answer(Chat(pregnancy_must_core), "28F lower abdominal pain since yesterday, pregnancy test positive")
    assert "ectopic_pregnancy" in {e.condition_id for e in answer.entries}


@pytest.mark.parametrize(
    "conditions, source, expected",
    [
        (["no_such_condition"], "bautz2020_chest_pain_big_three", "unknown condition 'no_such_condition'"),
        (["pulmonary_embolism"], "no_such_source", "unknown source 'no_such_source'"),
        (["costochondritis"], "bautz2020_chest_pain_big_three", "is not serious or critical"),
        (["testicular_torsion"], "bautz2020_chest_pain_big_three", "does not list this finding"),
    ],
)
def test_lint_checks_must_exclude(tmp_path, conditions, source, expected):
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    _set_must_exclude(root, "sym_chest_pain", conditions, source)
    result = runner.invoke(app, ["kb", "lint", "--knowledge", str(root)])
    assert result.exit_code == 1
    assert "sym_chest_pain.must_exclude" in result.output and expected in result.output
