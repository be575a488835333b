"""Reasoning within hard limits, in chat-style presentations of our own wording.

Each test states what a clinician would expect of the answer: a condition that cannot apply to
this patient never shows, a score counts each criterion once, a hallmark is not drowned, a state
does not outrank its cause, and every answer carries its urgency and scope.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.differential import LinkKind, denied
from bot.engine import ConversationState, Core, handle
from bot.messages import Inbound, Outbound, OutboundKind
from bot.options import OptionReader


def listed(out: Outbound) -> dict[str, str]:
    """Condition id -> tier of every condition an answer shows."""
    assert out.kind == OutboundKind.answer, out.text
    return {e.condition_id: e.tier for e in out.answer.entries}


def rank_of(core: Core, text: str, cid: str) -> int:
    found = core.extractor.extract(text)
    post = core.model.score(found.present, found.absent)
    order = [core.model.condition_ids[i] for i in post.order()]
    return order.index(cid) + 1


def ask(chat, text: str) -> Outbound:
    return chat.say(text, one_shot=True)


# --- hard limits: requires and excludes ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, never",
    [
        ("31 yo man, sudden severe right groin and lower abdominal pain, vomiting", "ovarian_torsion"),
        ("45M with cyclical buttock pain down the back of the leg", "endometriosis_cyclical_sciatica"),
        ("62F nocturnal calf cramps, wakes her most nights", "pregnancy_related_leg_cramps"),
        ("62F nocturnal calf cramps, not pregnant", "pregnancy_related_leg_cramps"),
        ("70 year old with calf cramps at night and after walking", "dialysis_associated_muscle_cramps"),
        ("40M cramps in both calves overnight", "pregnancy_related_leg_cramps"),
        ("55 year old man, limp and hip pain for 3 weeks", "legg_calve_perthes_disease"),
        ("67F knee pain and swelling", "juvenile_idiopathic_arthritis"),
        ("50yo groin pain, limping", "slipped_capital_femoral_epiphysis"),
        ("8 year old boy hip pain after a fall", "hip_fracture_older_adult"),
        ("30 year old man with swollen legs, headache and high blood pressure", "pre_eclampsia"),
    ],
)
def test_a_condition_that_cannot_apply_is_never_shown(chat, text, never):
    assert never not in listed(ask(chat, text))


def test_ruled_out_has_no_probability_and_a_printable_reason(core):
    found = core.extractor.extract("35M sudden groin pain with vomiting")
    post = core.model.score(found.present, found.absent)
    ci = core.model.index_of("ovarian_torsion")
    assert post.probability[ci] == 0.0
    _, against = core.model.reasons(ci, post)
    assert against[0].text == "needs female: male stated"


def test_unknown_requirement_is_scored_down_and_said(core):
    found = core.extractor.extract("nocturnal calf cramps")
    post = core.model.score(found.present, found.absent)
    ci = core.model.index_of("pregnancy_related_leg_cramps")
    _, against = core.model.reasons(ci, post)
    assert any(r.text == "needs pregnancy: not stated" for r in against)
    stated = core.model.score(found.present | {"pregnancy", "sex_female"}, found.absent)
    assert stated.probability[ci] > 20 * post.probability[ci]


def test_limits_judged_once_per_set_of_the_findings_they_read_still_follow_those_findings(core):
    """The verdicts are kept per set of the findings the limits read: a turn that differs only in
    other findings (calf, knee) shares them, and one that changes a limit's finding does not."""
    model, ci = core.model, core.model.index_of("pregnancy_related_leg_cramps")
    calf = model.score({"site_calf", "sex_female"}, set())
    knee = model.score({"site_knee", "sex_female"}, set())
    assert calf.limits is knee.limits
    pregnant = model.score({"site_calf", "sex_female", "pregnancy"}, set())
    male = model.score({"site_calf", "sex_male"}, set())
    assert pregnant.limits[ci].unknown == [] and male.probability[ci] == 0.0 < calf.probability[ci]


@pytest.mark.parametrize("age", ["72 year old woman", "8 year old girl"])
def test_a_woman_past_65_or_a_child_is_not_taken_for_pregnant(core, age):
    found = core.extractor.extract(f"{age}, nocturnal calf cramps")
    post = core.model.score(found.present, found.absent)
    ci = core.model.index_of("pregnancy_related_leg_cramps")
    assert post.probability[ci] == 0.0
    _, against = core.model.reasons(ci, post)
    assert against[0].text.startswith("needs pregnancy")


def test_pregnancy_stated_outweighs_an_age_band(core):
    found = core.extractor.extract("11 year old girl, 30 weeks pregnant, nocturnal calf cramps")
    post = core.model.score(found.present, found.absent)
    assert post.probability[core.model.index_of("pregnancy_related_leg_cramps")] > 0.0


def test_stated_pregnancy_brings_pregnancy_cramps_up(chat):
    out = ask(chat, "28 weeks pregnant, calf cramps at night, relieved by stretching")
    assert list(listed(out))[0] == "pregnancy_related_leg_cramps"


def test_a_child_gets_childhood_hip_conditions_and_an_adult_does_not(core):
    child = rank_of(core, "6 yo boy limping with hip pain for a few days after a cold", "transient_synovitis_hip")
    adult = rank_of(core, "46 yo man limping with hip pain for a few days after a cold", "transient_synovitis_hip")
    assert child <= 3
    assert adult > 100


def test_red_flag_banner_names_only_conditions_that_fit(chat):
    out = ask(chat, "34 yo man, sudden severe groin pain, vomiting, pale and sweaty")
    assert not any("ovarian" in line.lower() for line in out.answer.banner)


def test_why_not_card_gives_the_limit(chat):
    ask(chat, "40 year old man with groin pain and nausea")
    out = chat.say("why not ovarian torsion?")
    assert out.kind == OutboundKind.card
    assert out.card.case.reasons_against[0].text == "needs female: male stated"


# --- scores count each criterion once -----------------------------------------------------------


def _points(core: Core, cid: str, present: set[str]) -> float:
    crit = core.kb.conditions[cid].criteria[0]
    return sum(item.points for item in core.model.criteria_met(crit, core.extractor.with_implied(present)))


def test_wells_dvt_counts_immobility_once(core):
    # Wells 2003: bedridden is one item; a leg in plaster or paralysed is another.
    assert _points(core, "deep_vein_thrombosis", {"rf_immobility"}) == 1
    assert _points(core, "deep_vein_thrombosis", {"rf_leg_plaster", "rf_immobility"}) == 2


def test_wells_dvt_worked_example(core):
    # Active cancer, calf tenderness over the deep veins, whole leg swollen, previous DVT: 4 points.
    present = {"rf_cancer", "sign_deep_vein_tenderness", "sign_whole_leg_swelling", "rf_previous_vte"}
    assert _points(core, "deep_vein_thrombosis", present) == 4


def test_wells_dvt_collateral_veins_are_not_varicose_veins(core):
    assert _points(core, "deep_vein_thrombosis", {"sign_varicose_veins"}) == 0
    assert _points(core, "deep_vein_thrombosis", {"sign_collateral_veins"}) == 1


def test_wells_pe_counts_heart_rate(core):
    # Wells 2000: heart rate > 100 scores 1.5; with signs of DVT (3) and recent surgery (1.5): 6, PE likely.
    assert _points(core, "pulmonary_embolism", {"sign_tachycardia"}) == 1.5
    assert _points(core, "pulmonary_embolism", {"sign_tachycardia", "sign_calf_tenderness", "rf_recent_surgery"}) == 6
    # Two DVT signs are one criterion (3 points, not 6).
    assert _points(core, "pulmonary_embolism", {"sign_calf_tenderness", "sign_whole_leg_swelling"}) == 3


def test_wells_pe_line_shows_the_sum(core):
    present = core.extractor.with_implied({"sign_tachycardia", "sign_calf_tenderness", "rf_recent_surgery", "sym_dyspnoea"})
    line = core.model.criteria_lines(core.model.index_of("pulmonary_embolism"), frozenset(present))[0]
    assert "6 of 9.5 (threshold met)" in line


def test_takayasu_one_pulse_finding_meets_one_item(core):
    assert _points(core, "takayasu_arteritis", {"sign_pulse_deficit"}) == 2


def test_lint_rejects_a_finding_in_two_items(core):
    from knowledge.lint import lint
    from knowledge.schema import Criteria, CriterionItem

    crit = Criteria(
        name="x",
        source="wells2003_dvt",
        items=[CriterionItem(label="a", findings=["rf_cancer"]), CriterionItem(label="b", findings=["rf_cancer"])],
    )
    cond = core.kb.conditions["deep_vein_thrombosis"].model_copy(update={"criteria": [crit]})
    kb = core.kb
    conditions = {**kb.conditions, "deep_vein_thrombosis": cond}
    problems = lint(dataclasses.replace(kb, conditions=conditions))
    assert any("counts once" in p.message for p in problems)


# --- free-text answers to a question ----------------------------------------------------------


def _asked(chat, question: str, present: list[str]) -> None:
    chat.state = ConversationState(
        phase="asking", present=sorted(chat.core.extractor.with_implied(set(present))), asked=[question], pending=question
    )


BACK = ["site_low_back", "quality_pain", "sex_male", "age_middle_aged"]


@pytest.mark.parametrize("reply", ["yes - difficulty passing urine", "Yes, urinary retention", "yeah: loss of bladder control"])
def test_yes_with_words_binds_the_option_they_fall_under(chat, reply):
    _asked(chat, "red_flags", BACK)
    out = chat.say(reply)
    assert "sym_saddle_anaesthesia" in chat.state.present  # the whole option, as if chosen
    if out.kind == OutboundKind.question:
        out = chat.say("skip")
    assert any("Cauda equina" in line for line in out.answer.banner)
    assert out.answer.urgency.level == "emergency"


def test_free_words_alone_are_read_as_findings(chat):
    _asked(chat, "red_flags", BACK)
    chat.say("she has had a fever for two days")
    assert "sym_fever" in chat.state.present


def test_plain_yes_to_a_yes_no_question_binds_yes(chat):
    _asked(chat, "urge", ["site_lower_limb", "timing_nocturnal"])
    chat.say("yep")
    assert "quality_urge_to_move" in chat.state.present


def test_yes_to_a_many_option_question_is_not_guessed(chat):
    _asked(chat, "red_flags", BACK)
    out = chat.say("yes")
    assert out.kind == OutboundKind.error
    assert "sym_fever" not in chat.state.present and "sym_saddle_anaesthesia" not in chat.state.present


def test_yes_naming_an_option_binds_that_option(chat):
    _asked(chat, "swelling", ["site_calf", "quality_pain"])
    chat.say("yes, both swollen")
    assert "lat_bilateral" in chat.state.present or "sign_bilateral_oedema" in chat.state.present


# --- scope: say what is not covered ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, uncovered",
    [
        ("painful stiff shoulder, can't lift her arm overhead, 65F", "arm, shoulder or hand"),
        ("sore outer elbow for a month, worse gripping, 45M", "arm, shoulder or hand"),
        ("fever and night sweats for two weeks, 40M", "fever, sweats, tiredness or weight loss (whole body)"),
        ("what's the max dose of paracetamol for a 20 kg child?", "a medicine or dosing question"),
        ("how many mg of ibuprofen for a 10 kg child?", "a medicine or dosing question"),
        ("swollen painful wrist after a fall onto the hand", "arm, shoulder or hand"),
        ("fever and weight loss for a month", "fever, sweats, tiredness or weight loss (whole body)"),
    ],
)
def test_outside_the_knowledge_gets_a_plain_scope_answer(narrow_chat, text, uncovered):
    chat = narrow_chat
    out = ask(chat, text)
    assert out.kind == OutboundKind.scope
    assert out.answer is None  # no differential from stray words
    assert out.scope.covered is False and out.scope.uncovered[0] == uncovered
    assert "outside what my knowledge covers" in out.text and "back" in out.text
    assert chat.state.present == []  # nothing kept: a covered presentation starts clean


def test_hello_says_what_is_covered(chat):
    out = ask(chat, "hi")
    assert out.kind == OutboundKind.error
    assert "I cover presentations of the leg, knee, ankle or foot" in out.text


@pytest.mark.parametrize(
    "text",
    [
        "left calf pain and swelling after a long flight, also a bit short of breath",
        "hot swollen knee with a fever",
        "low back pain, no chest pain, no cough",
        "62F nocturnal leg cramps",
        "70M with a slow shuffling gait, some memory lapses and headaches",
        "weak thighs for months, trouble with stairs and lifting her arms",
    ],
)
def test_a_covered_complaint_gets_a_differential(chat, text):
    out = ask(chat, text)
    assert out.kind == OutboundKind.answer
    assert out.answer.scope.covered


def test_a_denied_complaint_is_not_a_complaint(chat):
    out = ask(chat, "low back pain for a week, no chest pain, denies cough")
    assert out.answer.scope.uncovered == []


def test_uncovered_complaints_beside_a_covered_one_are_named(narrow_chat):
    out = ask(narrow_chat, "sciatica down the left leg for 2 weeks, and a painful shoulder")
    assert out.answer.scope.uncovered == ["arm, shoulder or hand"]
    from bot.render_text import render_text

    assert "Not covered by this knowledge: arm, shoulder or hand" in render_text(out)


def test_unexplained_findings_are_said(chat):
    out = ask(chat, "nocturnal calf cramps and a blocked nose")
    assert "blocked nose" in " ".join(out.answer.unexplained)


def test_scope_reply_renders_on_every_platform(narrow_chat):
    from adapters.slack.blocks import render as slack
    from adapters.telegram.render import render as telegram
    from bot.render_text import render_text

    out = ask(narrow_chat, "stiff painful shoulder for six weeks")
    for text in (render_text(out), slack(out).blocks[0]["text"]["text"], telegram(out)[0].text):
        assert "outside what my knowledge covers" in text
        assert "Differential" not in text


def test_scope_and_urgency_survive_the_store_round_trip(chat):
    out = ask(chat, "hot swollen knee with a fever, 70M")
    again = Outbound.from_dict(out.to_dict())
    assert again.answer.urgency == out.answer.urgency and again.answer.scope == out.answer.scope
    scope = ask(chat.__class__(chat.core), "headache")
    assert Outbound.from_dict(scope.to_dict()).scope == scope.scope


# --- urgency and bands -----------------------------------------------------------------------------


def test_every_platform_shows_urgency_first(chat):
    from adapters.slack.blocks import render as slack
    from adapters.telegram.render import render as telegram
    from bot.render_text import render_text

    out = ask(chat, "sudden back pain with saddle anaesthesia and urinary retention")
    assert out.answer.urgency.level == "emergency"
    assert any(r.startswith("red flag: saddle") for r in out.answer.urgency.reasons)
    assert render_text(out).startswith("Urgency: EMERGENCY")
    assert "EMERGENCY" in slack(out).blocks[0]["text"]["text"]
    assert "EMERGENCY" in telegram(out)[0].text.split("\n")[0]


def test_answers_show_bands_not_percentages(chat):
    from bot.render_text import render_text

    out = ask(chat, "62F nocturnal calf cramps, relieved by stretching")
    leader = out.answer.entries[0]
    assert leader.band in {"very likely", "likely", "possible", "unlikely"}
    assert f"— {leader.band}" in render_text(out)
    assert "%" not in render_text(out).split("Professional disclaimer")[0]
    assert 0 < out.to_dict()["answer"]["entries"][0]["posterior"] <= 1  # the number stays in JSON


def test_back_as_a_word_is_no_back_complaint(core):
    # The scope's own words; what the reader makes of "back" is the reader's test.
    assert core.scope.complaints("chest pain since he came back from the gym", set()) == ["chest"]
    assert core.scope.complaints("chest pain and lower back ache", set()) == ["chest", "back"]


# --- scoring: parents, hallmarks, states ------------------------------------------------------------


def test_a_child_listed_as_rare_does_not_count_against_its_parent(core):
    m = core.model
    leak = core.kb.findings["site_lower_limb"].background * core.kb.scoring.leak_factor[core.kb.findings["site_lower_limb"].group]
    fi = m.finding_index["site_lower_limb"]
    prob = np.exp(m.log_likelihood(fi, present=True))
    for cond in core.kb.conditions.values():
        ci = m.index_of(cond.id)
        listed = {x.finding for x in cond.findings}
        if "site_lower_limb" not in listed:
            assert prob[ci] >= min(leak, 0.99) * (1 - 1e-5), cond.id


def test_a_leg_mention_does_not_sink_back_pain(core):
    # Sciatica-type leg pain with back pain: mechanical back pain stays in the running.
    assert rank_of(core, "lower back pain for a week after lifting, some ache into the leg", "nonspecific_low_back_pain") <= 5


@pytest.mark.xfail(
    strict=True,
    reason="known gap since issue 15: itch, dry skin and achy shoulders now have conditions of their own (eczema, "
    "fibromyalgia), which outrank cauda equina (rank 5; still in do-not-miss, urgency emergency); an unlisted "
    "hallmark of another condition should argue harder against a condition than a common symptom does",
)
def test_hallmark_is_not_drowned_by_weak_unlisted_findings(core):
    text = (
        "52M lower back pain with saddle anaesthesia, also tired, itchy, a bit of a cough, "
        "bruises easily, poor sleep, dry skin, achy shoulders"
    )
    assert rank_of(core, text, "cauda_equina_syndrome") <= 3


def test_hallmark_relief_only_applies_with_the_hallmark(core):
    m = core.model
    ci = m.index_of("cauda_equina_syndrome")
    noisy = core.extractor.with_implied(
        {"site_low_back", "quality_pain", "sym_fatigue", "sign_bruising", "sym_pruritus"} & set(m.finding_ids)
    )
    without = m.score(noisy, set())
    with_h = m.score(noisy | {"sym_saddle_anaesthesia"}, set())
    assert (
        with_h.log_score[ci] - without.log_score[ci] >= m.links.present_at(ci, m.finding_index["sym_saddle_anaesthesia"]) - 1e-9
    )


def test_a_cause_with_its_state_outranks_the_state(core):
    text = "45F, hypertension on three drugs, cramps and weak legs, K 2.9"
    assert rank_of(core, text, "primary_hyperaldosteronism") < rank_of(core, text, "hypokalaemia")


def test_the_state_leads_when_nothing_points_to_a_listed_cause(core):
    text = "leg cramps on furosemide, K 2.8"
    assert rank_of(core, text, "hypokalaemia") == 1


def test_statin_with_a_very_high_ck_names_the_statin(core):
    text = "62M on atorvastatin, aching weak thighs, dark urine, CK 15000"
    assert rank_of(core, text, "statin_associated_myopathy") < rank_of(core, text, "rhabdomyolysis")


def test_exertional_rhabdomyolysis_is_not_handed_to_a_rarer_cause(core):
    assert rank_of(core, "CK 20000 after a marathon, dark urine, painful swollen thighs", "rhabdomyolysis") == 1


# --- urgency on our own labelled cases ------------------------------------------------------------

_LEVELS = ["emergency", "urgent", "routine", "self_care"]


def triage(core: Core) -> list[tuple[str, str]]:
    """(expected, given) for every labelled case of tests/fixtures/urgency_cases.yaml."""
    cases = yaml.safe_load((Path(__file__).parent / "fixtures" / "urgency_cases.yaml").read_text())["cases"]
    out = []
    for case in cases:
        _, reply = handle(None, Inbound("test", "k", "u", text=case["text"], one_shot=True), core)
        out.append((case["level"], reply.answer.urgency.level if reply.answer else "none"))
    return out


def test_urgency_on_labelled_cases(core):
    pairs = triage(core)
    emergencies = [given for expected, given in pairs if expected == "emergency"]
    under = [p for p in pairs if _LEVELS.index(p[1]) > _LEVELS.index(p[0])]
    assert len(pairs) >= 30
    assert emergencies.count("emergency") / len(emergencies) >= 0.8  # BENCHMARKS.md gives the figures
    assert len(under) / len(pairs) <= 0.2
    assert "self_care" not in emergencies


@pytest.mark.parametrize(
    "text, level",
    [
        ("62F calf cramps at night, eased by stretching", "self_care"),
        ("sudden back pain with saddle numbness and urinary retention", "emergency"),
        pytest.param(
            "hot red swollen calf and a temperature of 39",
            "emergency",
            marks=pytest.mark.xfail(
                strict=True,
                reason="under-triage since the chest families: their conditions take probability from necrotising "
                "fasciitis, so no critical condition reaches 20% (urgent, not emergency)",
            ),
        ),
        ("ex-smoker with calf pain after walking two blocks, eases with rest", "routine"),
    ],
)
def test_urgency_levels(chat, text, level):
    assert ask(chat, text).answer.urgency.level == level


# --- eval: calibration, do-not-miss sensitivity, body systems, the option reader -------------------


def _vignettes(tmp_path: Path) -> Path:
    rows = [
        {
            "id": "a",
            "vignette": "55M sudden low back pain with saddle anaesthesia and urinary retention",
            "gold_icd10": ["G83.4"],
            "body_system": "nervous",
        },
        {
            "id": "b",
            "vignette": "62F calf cramps at night relieved by stretching",
            "gold_icd10": ["R25.2"],
            "body_system": "musculoskeletal",
        },
        {
            "id": "c",
            "vignette": "hot swollen painful left calf after a long flight",
            "gold_icd10": ["I82.40"],
            "body_system": "circulatory",
        },
    ]
    path = tmp_path / "v.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_eval_reports_calibration_dnm_sensitivity_and_systems(core, tmp_path):
    from bot.evaluation import Evaluator, read_vignettes, summarise

    items, _ = read_vignettes(_vignettes(tmp_path))
    results = [Evaluator(core).run_item(v) for v in items]
    summary = summarise(results, False, 0)
    assert sum(row["n"] for row in summary.calibration) == 30  # ten stated probabilities per item
    assert all(0 <= row["observed"] <= 1 and row["bin"] for row in summary.calibration)
    assert summary.do_not_miss_items == 2 and summary.do_not_miss_sensitivity == 1.0  # cauda equina, DVT
    assert set(summary.by_system) == {"nervous", "musculoskeletal", "circulatory"}
    assert summary.by_system["musculoskeletal"]["items"] == 1


def test_eval_cli_writes_a_reliability_plot(tmp_path):
    from typer.testing import CliRunner

    from adapters.cli import app

    plot = tmp_path / "rel.png"
    result = CliRunner().invoke(
        app, ["eval", str(_vignettes(tmp_path)), "--plot", str(plot), "--report", str(tmp_path / "r.jsonl")]
    )
    assert result.exit_code == 0, result.output
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "calibration" in result.output and "by body system" in result.output
    assert "do-not-miss sensitivity" in result.output


def test_unknown_words_break_ties_and_never_veto(core):
    match = OptionReader(core.kb).match_loosely
    cid, with_unknown = match("Gravitational ulcer of the leg over varicose veins")
    assert cid is not None  # an unknown word does not veto
    same, all_known = match("Venous ulcer with varicose veins")
    assert same == cid and all_known > with_unknown  # it only loses a tie


def test_an_option_naming_nothing_is_reported_and_still_answers(core):
    from bot.evaluation import Evaluator, Vignette

    item = Vignette("x", "left calf swelling after a flight", ["I82.40"], options={"A": "Zorblaxing syndrome", "B": "Quuxitis"})
    result = Evaluator(core).run_item(item, options_mode=True)
    assert result.unmatched_options == ["A", "B"]
    assert result.options_choice == "A"


def test_what_changed_speaks_in_bands(chat):
    chat.say("62M with right calf pain", one_shot=True)
    out = chat.say("the right calf is swollen and tender, he had knee surgery last week")
    assert out.answer.changes and not any("%" in line for line in out.answer.changes)


# --- the command line: ask --json and chat ------------------------------------------------------


@pytest.fixture
def run(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from adapters.cli import app
    from bot.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args, **kw: runner.invoke(app, list(args), **kw)
    get_settings.cache_clear()


def test_ask_json_carries_scope_urgency_and_unexplained(run):
    result = run("ask", "--json", "55M low back pain with saddle anaesthesia, what dose of ibuprofen can he take?")
    data = json.loads(result.output)
    assert data["scope"] == {
        "covered": True,
        "complaints": data["scope"]["complaints"],
        "uncovered": ["a medicine or dosing question"],
    }
    assert data["urgency"]["level"] == "emergency" and data["urgency"]["reasons"]
    assert isinstance(data["unexplained"], list)
    assert all(0 <= e["posterior"] <= 1 and e["band"] for e in data["answer"]["entries"])


def test_ask_json_out_of_scope(run):
    result = run("ask", "--json", "what's the maximum dose of paracetamol for a 20 kg child?")
    data = json.loads(result.output)
    assert result.exit_code == 0
    assert data["kind"] == "scope" and data["answer"] is None
    assert data["scope"]["covered"] is False and data["scope"]["uncovered"][0] == "a medicine or dosing question"


def test_chat_answers_out_of_scope_then_a_covered_case(run):
    result = run(
        "chat", input="what dose of paracetamol for a 20 kg child?\nleft calf pain and swelling for 3 days\nskip\nquit\n"
    )
    assert "outside what my knowledge covers" in result.output
    assert "Urgency:" in result.output and "Deep vein thrombosis" in result.output


@pytest.mark.parametrize(
    "text, shown",
    [
        ("24F 30 weeks pregnant, swollen legs and a bad headache, BP high", "pre_eclampsia"),
        ("3 weeks after delivery, breathless with swollen ankles", "peripartum_cardiomyopathy"),
        ("on haemodialysis three times a week, leg cramps during sessions", "dialysis_associated_muscle_cramps"),
        ("5 yo boy limping for weeks, mild thigh ache", "legg_calve_perthes_disease"),
        ("28F sudden severe right groin pain with vomiting", "ovarian_torsion"),
        ("32 weeks pregnant, pain over the pubic bone when walking and turning in bed", "pregnancy_pelvic_girdle_pain"),
        ("4 yo with a limp and hip pain after a cold, afebrile", "transient_synovitis_hip"),
    ],
)
def test_a_condition_whose_requirement_is_stated_is_in_the_top_three(chat, text, shown):
    assert shown in list(listed(ask(chat, text)))[:3]


def test_why_not_names_an_unstated_requirement(chat):
    ask(chat, "30F calf cramps at night")
    out = chat.say("why not pregnancy cramps?")
    assert any(r.text == "needs pregnancy: not stated" for r in out.card.case.reasons_against)


def test_denied_pregnancy_rules_it_out_everywhere(chat):
    out = ask(chat, "29F, not pregnant, calf cramps at night and swelling of both ankles")
    assert not {"pregnancy_related_leg_cramps", "pre_eclampsia", "peripartum_cardiomyopathy"} & set(listed(out))


@pytest.mark.parametrize(
    "cid, present, points",
    [
        # Kocher 1999: fever, non-weight-bearing, ESR > 40, WBC > 12: all four (99.6% in the derivation cohort).
        ("septic_arthritis", {"sym_fever", "sign_unable_to_bear_weight", "lab_high_esr_crp", "lab_leukocytosis"}, 4),
        ("septic_arthritis", {"sym_fever", "sign_unable_to_bear_weight"}, 2),
        # ADD-RS: one point per category, however many features of a category are present.
        ("aortic_dissection", {"quality_tearing", "sym_tearing_back_pain", "sign_pulse_deficit"}, 2),
        # ABCD2 (Johnston 2007): 60 or over, hypertension, unilateral weakness, diabetes = 5.
        ("transient_ischaemic_attack", {"age_older", "rf_hypertension", "sign_hemiparesis", "rf_diabetes"}, 5),
        # LRINEC (Wong 2004): CRP >= 150 (4), sodium < 135 (2), creatinine > 141 (2) = 8.
        ("necrotising_fasciitis", {"lab_high_esr_crp", "lab_low_sodium", "lab_high_creatinine"}, 8),
    ],
)
def test_scores_against_worked_examples(core, cid, present, points):
    assert _points(core, cid, present) == points


def test_eclampsia_needs_a_fit_and_pre_eclampsia_leads_without_one(core):
    """Eclampsia is pre-eclampsia with a seizure: severe-range pressure and a headache at 35 weeks
    put pre-eclampsia first, and a fit told puts eclampsia first."""
    no_fit = "30-year-old woman, 35 weeks pregnant, pounding headache, BP 168/112"
    assert rank_of(core, no_fit, "pre_eclampsia") < rank_of(core, no_fit, "eclampsia")
    fit = "30-year-old woman, 35 weeks pregnant, had a seizure an hour ago, BP 168/112"
    assert rank_of(core, fit, "eclampsia") == 1


# --- ages and sexes as a profile (scoring.yaml demographic_profiles) ---------------------------

_AORTA = "{age}M, sudden severe abdominal pain going through to his back, collapsed at home, BP 82/50"


def test_an_age_the_condition_does_not_list_argues_against_it(core):
    """A ruptured aortic aneurysm is of older adults: a young man with the same story is argued
    against, and the answer says why."""
    young = core.extractor.extract(_AORTA.format(age=23))
    old = core.extractor.extract(_AORTA.format(age=74))
    m = core.model
    ci = m.index_of("ruptured_abdominal_aortic_aneurysm")
    p_young = m.score(young.present, young.absent).probability[ci]
    p_old = m.score(old.present, old.absent).probability[ci]
    assert p_young < p_old
    against = [r.text for r in m.reasons(ci, m.score(young.present, young.absent))[1]]
    assert any("young adult" in t for t in against), against


def test_an_age_outside_the_profile_is_explained_by_the_ages_it_affects(core):
    """The reason names the bands the condition lists, so the clinician sees why age weighed."""
    m = core.model
    fi = m.finding_index["age_young_adult"]
    profiled = [  # those it moves by enough to be named among the reasons
        ci
        for ci in range(len(m.conditions))
        if m.links.kind_at(ci, fi) == LinkKind.PROFILE
        and m.links.present_at(ci, fi) < -0.5
        and not m.conditions[ci].requires  # a hard limit speaks instead
        and not m.conditions[ci].excludes
    ]
    assert profiled
    post = m.score({"age_young_adult", "sym_abdominal_pain"}, set())
    for ci in profiled[:20]:
        against = [r.text for r in m.reasons(ci, post)[1] if r.finding_id == "age_young_adult"]
        assert against and "(it mostly affects: " in against[0], (m.condition_ids[ci], against)


def test_an_unlisted_age_is_never_evidence_for_and_never_below_the_floor(core):
    m = core.model
    floor = core.kb.scoring.profile_floor
    for group in core.kb.scoring.demographic_profiles:
        cols = [m.finding_index[f] for f in group]
        kinds = m.links.kind_columns(cols)
        lr = m.links.present_columns(cols)
        profiled = kinds == LinkKind.PROFILE
        assert profiled.any()
        assert (lr[profiled] <= 1e-6).all()
        assert (lr[profiled] >= np.log(floor) - 1e-6).all()


def test_a_condition_that_lists_no_age_is_neutral_about_age(core):
    m = core.model
    group = next(g for g in core.kb.scoring.demographic_profiles if "age_older" in g)
    cols = [m.finding_index[f] for f in group]
    silent = [
        ci
        for ci, c in enumerate(m.conditions)
        if not {x.finding for x in c.findings} & set(group)
        and not any(f in group for x in c.findings for f in m.implied[x.finding])
    ]
    assert silent
    assert np.allclose(m.links.present_columns(cols)[silent], 0.0, atol=1e-6)


def test_a_fever_of_a_week_or_more_is_assessed_in_person(chat):
    """Whatever its likeliest cause, a fever that has lasted a week or more is not sat out at home
    (NICE NG143: 5 days or more is an amber feature in under-5s)."""
    text = "9 year old boy, new kitten, small bump on the hand and a swollen tender node in the armpit, low fever on and off"
    assert ask(chat, text).answer.urgency.level == "self_care"
    chat.say("new")
    later = ask(chat, text + " for 2 weeks").answer.urgency
    assert later.level == "routine" and any("a week or more" in r for r in later.reasons)


@pytest.mark.parametrize(
    ("finding", "told"),
    [
        ("sym_headache", "no headache"),
        ("timing_nocturnal", "not at night"),
        ("med_anticoagulant", "does not take an anticoagulant"),
        ("rf_kidney_transplant", "does not have a kidney transplant"),
        ("rf_dialysis", "not on dialysis"),
        ("rf_no_response_to_treatment", "denied: has not responded to a treatment tried"),
    ],
)
def test_a_denial_reads_as_english(core, finding, told):
    """The case line tells each denial back as a clinician would write it, never "no takes ..."."""
    assert denied(core.kb.findings[finding]) == told
