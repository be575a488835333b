"""The knowledge base loads, lints clean, and lint catches each kind of problem with file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from adapters.cli import app
from knowledge import DATA_DIR, KnowledgeError, load_knowledge, read_knowledge
from knowledge.lint import lint
from support.yaml_files import read_yaml

runner = CliRunner()


def test_bundled_knowledge_lints_clean():
    kb, problems = read_knowledge(DATA_DIR)
    errors = [p for p in problems + lint(kb) if p.severity == "error"]
    assert errors == []
    assert len(kb.conditions) >= 35
    for cond in kb.conditions.values():
        assert cond.sources, cond.id


def test_no_phrase_is_shadowed_by_another_findings_phrase(core):
    """Two findings' phrases that read alike word by word ("crackling" for joint crepitus and
    "crackles" in the lungs are both "crackle") make the later one unreachable; lint compares
    spellings only, so the reader reports what it could not keep."""
    assert core.extractor._phrases.shadowed == []


def test_a_drug_caused_condition_needs_a_drug(core):
    """A drug eruption or a drug-induced disorder with no drug in the story is scored down by its
    rule, like any unmet requirement: without the rule a rash with fever read as a drug rash."""
    drug_caused = [c for cid, c in core.kb.conditions.items() if cid.startswith("drug_induced_") or cid.endswith("drug_eruption")]
    assert drug_caused
    for cond in drug_caused:
        named = {f for rule in cond.requires for f in rule.any_of}
        assert any(f.startswith("med_") or "drug" in f or "antibiotic" in f for f in named), cond.id
    post = core.model.score({"sign_maculopapular_rash", "sym_fever", "sym_headache"}, set())
    verdict = post.limits[core.model.index_of("morbilliform_drug_eruption")]
    assert [text for text, _ in verdict.unknown] == ["needs a drug that can cause it: not stated"]


def test_every_seed_condition_is_known(core):
    seed_names = [
        "meralgia paresthetica", "lumbar radiculopathy", "peripheral artery disease", "diabetic amyotrophy",
        "abdominal aortic aneurysm", "spinal stenosis", "neuromyotonia", "cidp", "restless legs syndrome",
        "muscle cramps", "hypomagnesaemia", "hypokalaemia", "multiple sclerosis", "peripheral neuropathy",
        "disc herniation", "deep vein thrombosis", "dystonia", "hypokalaemic periodic paralysis",
        "hypocalcaemia", "hypothyroidism",
    ]  # fmt: skip
    missing = [n for n in seed_names if core.resolver.resolve(n) is None]
    assert missing == []


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def _edit(path: Path, change) -> None:
    data = read_yaml(path)
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda c: c["findings"].append({"finding": "no_such_finding", "frequency": "often"}),
            "unknown finding 'no_such_finding'",
        ),
        (lambda c: c.__setitem__("sources", ["no_such_source"]), "unknown source 'no_such_source'"),
        (lambda c: c["findings"].append({"finding": "sym_fever", "frequency": 1.7, "source": "allen2014_irlssg"}), "frequency"),
        (lambda c: c.__setitem__("icd10", ["not-a-code"]), "not an ICD-10-CM code"),
    ],
)
def test_lint_reports_condition_problems_with_file_and_field(broken_copy, change, expected):
    path = broken_copy / "conditions" / "nerve" / "restless_legs_syndrome.yaml"
    _edit(path, change)
    result = runner.invoke(app, ["kb", "lint", "--knowledge", str(broken_copy)])
    assert result.exit_code == 1
    assert "conditions/nerve/restless_legs_syndrome.yaml" in result.output
    assert expected in result.output


def test_a_key_given_twice_is_reported_not_dropped(broken_copy):
    path = broken_copy / "conditions" / "nerve" / "restless_legs_syndrome.yaml"
    path.write_text(path.read_text() + "requires: [sex_female]\nrequires: [age_older]\n")
    result = runner.invoke(app, ["kb", "lint", "--knowledge", str(broken_copy)])
    assert result.exit_code == 1
    assert "restless_legs_syndrome.yaml" in result.output and "duplicate key 'requires'" in result.output


def test_lint_reports_question_option_mapping_to_nothing(broken_copy):
    path = broken_copy / "questions.yaml"
    _edit(path, lambda q: q["questions"][0]["options"].append({"id": "empty", "label": "Nothing"}))
    result = runner.invoke(app, ["kb", "lint", "--knowledge", str(broken_copy)])
    assert result.exit_code == 1
    assert "option maps to no finding" in result.output


def test_load_raises_with_every_problem(broken_copy):
    path = broken_copy / "conditions" / "nerve" / "restless_legs_syndrome.yaml"
    _edit(path, lambda c: c.__setitem__("sources", ["missing_a", "missing_b"]))
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(broken_copy)
    assert {"missing_a", "missing_b"} <= {p.message.split("'")[1] for p in err.value.problems if "source" in p.message}


def test_yes_and_no_stay_words(broken_copy):
    kb, _ = read_knowledge(broken_copy)
    labels = {o.id for q in kb.questions.values() for o in q.options}
    assert {"yes", "no"} <= labels


def test_lint_checks_composed_neutral_and_denied_findings(broken_copy):
    path = broken_copy / "findings" / "signs.yaml"
    _edit(
        path,
        lambda f: f["findings"].append(
            {
                "id": "sign_test_only",
                "label": "test only",
                "group": "sign",
                "background": 0.1,
                "composed_of": ["site_calf"],
                "denied_means": "no_such_finding",
            }
        ),
    )
    result = runner.invoke(app, ["kb", "lint", "--knowledge", str(broken_copy)])
    assert result.exit_code == 1
    assert "needs two or more parts" in result.output
    assert "unknown finding 'no_such_finding'" in result.output


def test_lint_rejects_a_condition_listing_a_neutral_finding(broken_copy):
    path = broken_copy / "conditions" / "nerve" / "restless_legs_syndrome.yaml"
    _edit(path, lambda c: c["findings"].append({"finding": "exam_reflexes_mentioned", "frequency": "often"}))
    result = runner.invoke(app, ["kb", "lint", "--knowledge", str(broken_copy)])
    assert result.exit_code == 1 and "is neutral" in result.output


def test_lint_rejects_a_condition_listing_a_finding_that_only_denies(broken_copy):
    path = broken_copy / "conditions" / "nerve" / "restless_legs_syndrome.yaml"
    _edit(path, lambda c: c["findings"].append({"finding": "exam_sensation_intact", "frequency": "often"}))
    result = runner.invoke(app, ["kb", "lint", "--knowledge", str(broken_copy)])
    assert result.exit_code == 1 and "only denies 'quality_numbness'" in result.output


def test_a_context_rule_prefix_must_name_a_finding(broken_copy):
    path = broken_copy / "language.yaml"
    rule = "  - {literal: test only, category: NEGATED_EXISTENCE, allowed_types: [relief_*, nothing_like_this_*]}\n"
    path.write_text(path.read_text().replace("context_rules:\n", "context_rules:\n" + rule, 1))
    result = runner.invoke(app, ["kb", "lint", "--knowledge", str(broken_copy)])
    assert result.exit_code == 1
    assert "unknown finding 'nothing_like_this_*'" in result.output and "'relief_*'" not in result.output


def test_a_context_rule_prefix_spells_out_every_finding_it_names():
    kb = load_knowledge()
    rule = next(r for r in kb.language.context_rules if "relief_*" in r.allowed_types)
    assert rule.allowed(kb.findings) == {f for f in kb.findings if f.startswith("relief_")}
