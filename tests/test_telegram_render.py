"""Telegram HTML rendering and callback data: limits, escaping and splitting, without a server."""

from __future__ import annotations

import re

import pytest

from adapters.telegram import keys
from adapters.telegram.render import LIMIT, SKIP_LABEL, Section, disclaimer_html, pack, render
from bot.messages import TIER_TITLES, AnswerView, CardView, Entry, OptionView, Outbound, OutboundKind, QuestionView, Reason
from bot.store import Store


def _entry(i: int, tier: str, reason_len: int = 60) -> Entry:
    reasons = [Reason("f", "x<&>" * (reason_len // 4), 0.5)]
    return Entry(f"c{i}", f"Cond <{i}>", ["R25.2"], tier, i, 0.2, reasons, reasons)


def test_question_keyboard_and_callback_data_within_64_bytes() -> None:
    q = QuestionView(
        "timing", "When <now> & then?", [OptionView("timing:night", "At night"), OptionView("timing:" + "x" * 80, "Long")], 1, 3
    )
    (part,) = render(Outbound(OutboundKind.question, question=q), root=-1001234567890)
    data = [b.callback_data for row in part.keyboard.inline_keyboard for b in row]
    assert all(len(d.encode()) <= 64 for d in data)
    assert data[0] == "o:-1001234567890:timing:night" and data[1].startswith("h:") and data[-1] == "s:-1001234567890"
    assert part.keyboard.inline_keyboard[-1][0].text == SKIP_LABEL
    assert "When &lt;now&gt; &amp; then?" in part.text
    hashed = keys.parse_callback(data[1])
    assert keys.resolve_hashed(hashed.value, ["timing:night", "timing:" + "x" * 80]) == "timing:" + "x" * 80


def test_callback_data_round_trips() -> None:
    assert keys.parse_callback(keys.option_data(None, "q:o")) == keys.Callback("o", None, "q:o")
    assert keys.parse_callback(keys.skip_data(42)) == keys.Callback("s", 42, "")
    assert keys.parse_callback(keys.forget_data("yes", 7)) == keys.Callback("f", value="yes", user_id=7)
    assert keys.parse_callback("garbage") is None and keys.parse_callback("o:abc:q:o") is None


@pytest.mark.parametrize("count", [1, 12, 60])
def test_answers_split_at_tier_boundaries_with_disclaimer_last(count: int) -> None:
    tiers = list(TIER_TITLES)
    entries = [_entry(i, tiers[i % 4], 300) for i in range(count)]
    parts = render(Outbound(OutboundKind.answer, answer=AnswerView("t & <t>", entries, banner=["red <flag>"])))
    assert all(len(p.text) <= LIMIT for p in parts)
    assert parts[0].text.startswith("🚨") and parts[-1].text.endswith(disclaimer_html())
    assert sum(disclaimer_html() in p.text for p in parts) == 1
    for p in parts:  # every part is well-formed on its own: no tag or entity cut in two
        assert p.text.count("<b>") == p.text.count("</b>") and p.text.count("<i>") == p.text.count("</i>")
        assert not re.search(r"&(?!(lt|gt|amp);)", p.text)
    if count == 60:
        assert len(parts) > 2 and any("(continued)" in p.text for p in parts)


def test_a_huge_reason_is_shortened_not_cut_inside_an_entity() -> None:
    parts = render(Outbound(OutboundKind.answer, answer=AnswerView("t", [_entry(1, "most_likely", 20_000)])))
    assert all(len(p.text) <= LIMIT for p in parts)
    assert "…" in parts[0].text and not re.search(r"&(?!(lt|gt|amp);)", parts[0].text)


def test_pack_keeps_sections_whole_when_they_fit() -> None:
    a, b = Section("<b>A</b>", ["a" * 3000]), Section("<b>B</b>", ["b" * 3000])
    assert pack([a, b], "tail") == [a.html(), b.html() + "\n\ntail"]


def test_card_has_the_disclaimer_and_plain_messages_do_not() -> None:
    card = CardView("rls", "RLS <x>", ["G25.81"], "s & s", ["k"], ["w"], [], ["src"])
    parts = render(Outbound(OutboundKind.card, card=card))
    assert parts[-1].text.endswith(disclaimer_html()) and "RLS &lt;x&gt;" in parts[0].text
    (msg,) = render(Outbound(OutboundKind.message, "a < b"))
    assert msg.text == "a &lt; b"


def test_forget_under_removes_a_chat_and_its_threads_only(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'f.sqlite3'}")
    for key in ("-100", "-100:5", "-100:ddx7", "-1000:5", "100", "-100_x"):
        with store.turn("telegram", key) as turn:
            store.record(turn, {}, "u", "text", {}, "v")
    with store.turn("slack", "-100:5") as turn:
        store.record(turn, {}, "u", "text", {}, "v")
    assert store.forget_under("telegram", "-100") == 9  # 3 conversations, 2 turns each
    left = {k for k in ("-100", "-100:5", "-100:ddx7", "-1000:5", "100", "-100_x") if store.has_conversation("telegram", k)}
    assert left == {"-1000:5", "100", "-100_x"} and store.has_conversation("slack", "-100:5")
