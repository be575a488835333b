"""A reply outside what the knowledge covers still says how urgent the message sounds: "outside
what I cover" must never read as reassurance when the words describe an emergency."""

from __future__ import annotations

import copy
import dataclasses

import pytest
from conftest import Chat

from bot.engine import Core
from bot.messages import Outbound, OutboundKind
from bot.scope import ScopeReader

# The shipped knowledge covers nearly every complaint since issue 15. These tests check the
# mechanism on the same knowledge with the arm and the whole body left out of `covered`, as it
# shipped before then, so that an arm or a fever is still "outside what I cover" here.
NOT_COVERED_HERE = {"upper_limb", "whole_body", "skin"}


@pytest.fixture(scope="module")
def narrow_core(core: Core) -> Core:
    scope = core.kb.scope
    assert scope is not None
    covered = [c for c in scope.covered if c not in NOT_COVERED_HERE]
    kb = dataclasses.replace(core.kb, scope=scope.model_copy(update={"covered": covered}))
    narrowed = copy.copy(core)
    narrowed.scope = ScopeReader(kb)
    return narrowed


@pytest.fixture
def chat(narrow_core: Core) -> Chat:
    return Chat(narrow_core)


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
