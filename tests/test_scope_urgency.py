"""A reply outside what the knowledge covers still says how urgent the message sounds: "outside
what I cover" must never read as reassurance when the words describe an emergency."""

from __future__ import annotations

import pytest

from bot.messages import Outbound, OutboundKind


@pytest.fixture
def chat(narrow_chat):
    """The arm, skin and whole body out of scope (conftest): what these tests need to exist."""
    return narrow_chat


@pytest.mark.parametrize(
    "text",
    [
        "crushed his forearm in a machine, now shocked and pale, 30M",
        "sudden weakness of the left arm and hand, 68M",
        "SpO2 84% on air, febrile and shivering",
    ],
)
def test_an_emergency_outside_the_knowledge_is_called_one(chat, text):
    out = chat.say(text)
    assert out.kind == OutboundKind.scope
    assert out.scope.urgency is not None and out.scope.urgency.level == "emergency"
    assert out.text.startswith("Urgency: EMERGENCY")


def test_a_red_flag_outside_the_knowledge_is_urgent(chat):
    out = chat.say("fever and shivers since this morning")
    assert out.kind == OutboundKind.scope
    assert out.scope.urgency.level == "urgent"
    assert any("fever" in r for r in out.scope.urgency.reasons)


@pytest.mark.parametrize(
    "text", ["how much ibuprofen can a 30kg child have", "sore shoulder for two days, no fever, moving it fine"]
)
def test_nothing_alarming_says_urgency_was_not_assessed(chat, text):
    out = chat.say(text)
    assert out.kind == OutboundKind.scope
    assert out.scope.urgency is None
    assert out.text.startswith("Urgency: not assessed")


def test_scope_urgency_survives_the_store_round_trip(chat):
    out = chat.say("SpO2 84% on air, febrile and shivering")
    again = Outbound.from_dict(out.to_dict())
    assert again.scope == out.scope and again.scope.urgency.level == "emergency"
