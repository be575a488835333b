"""The two seed presentations: the knowledge-grounded core must get both right."""

from __future__ import annotations

from bot.messages import OutboundKind

SEED_003 = "nocturnal leg and butt spasms"
SEED_000 = "severe muscle spasms in the inner thigh when standing up after lying prone"


def _tiers(out) -> dict[str, list[str]]:
    assert out.kind == OutboundKind.answer
    tiers: dict[str, list[str]] = {}
    for e in out.answer.entries:
        tiers.setdefault(e.tier, []).append(e.condition_id)
    return tiers


def test_seed_003_nocturnal_leg_and_buttock_spasms(chat, core):
    tiers = _tiers(chat.say(SEED_003, one_shot=True))
    assert tiers["most_likely"][0] in {"restless_legs_syndrome", "idiopathic_nocturnal_leg_cramps"}
    dnm = set(tiers.get("do_not_miss", []))
    assert "deep_vein_thrombosis" in dnm
    assert dnm & {"lumbar_spinal_stenosis", "lumbar_disc_herniation", "cauda_equina_syndrome"}
    rare = set(tiers.get("rare", []))
    assert "dystonia" in rare
    channelopathy_or_metabolic = {c for c in rare if core.kb.conditions[c].family == "metabolic" or "periodic_paralysis" in c}
    assert channelopathy_or_metabolic | (rare & {"neuromyotonia", "myotonic_dystrophy"})


def test_seed_000_inner_thigh_is_not_meralgia(chat):
    out = chat.say(SEED_000, one_shot=True)
    tiers = _tiers(out)
    leader = tiers["most_likely"][0]
    assert leader != "meralgia_paresthetica"
    assert leader in {"adductor_muscle_cramp", "adductor_strain", "obturator_neuropathy", "upper_lumbar_radiculopathy"}
    top = out.answer.entries[0]
    reasons = " ".join(r.text for r in top.reasons_for)
    assert "inner (medial) thigh" in reasons
    assert "standing" in reasons or "prone" in reasons


def test_meralgia_is_argued_against_by_the_inner_thigh(chat, core):
    chat.say(SEED_000, one_shot=True)
    card = chat.say("why not meralgia paresthetica?")
    assert card.kind == OutboundKind.card
    against = " ".join(r.text for r in card.card.case.reasons_against)
    assert "inner (medial) thigh" in against
    assert card.card.case.rank > 3
