"""Block Kit rendering and Slack keys: limits, escaping, and which messages start a turn."""

from __future__ import annotations

import json

from adapters.slack import blocks, keys
from adapters.slack.blocks import escape, pack, render
from bot.messages import (
    DISCLAIMER,
    AnswerView,
    CardView,
    Entry,
    OptionView,
    Outbound,
    OutboundKind,
    QuestionView,
    Reason,
)


def _entries(n: int, tier: str, reason_len: int = 80, name_len: int = 0) -> list[Entry]:
    reasons = [Reason(f"f{i}", "a & b <c> " + "y" * reason_len, 0.5) for i in range(6)]
    name = "n" * name_len
    return [Entry(f"{tier}{i}", f"{tier} <{i}> {name}", ["R1"], tier, i + 1, 0.3, reasons, reasons[:2]) for i in range(n)]


def _limits_ok(rendered) -> None:
    assert len(rendered.blocks) <= blocks.MAX_BLOCKS
    for b in rendered.blocks:
        if b["type"] == "section":
            assert len(b["text"]["text"]) <= blocks.MAX_SECTION
        if b["type"] == "header":
            assert len(b["text"]["text"]) <= blocks.MAX_HEADER
        if b["type"] == "actions":
            assert len(b["elements"]) <= blocks.MAX_ACTIONS
            assert all(len(e["text"]["text"]) <= blocks.MAX_BUTTON_TEXT for e in b["elements"])


def test_escape_only_the_three_control_characters() -> None:
    assert escape("a & b < c > d *e*") == "a &amp; b &lt; c &gt; d *e*"


def test_pack_never_exceeds_the_limit_nor_cuts_an_entity() -> None:
    chunks = pack(["x" * 2995 + " &amp;&amp;&amp; tail", "short", "z" * 7000], limit=3000)
    assert all(len(c) <= 3000 for c in chunks)
    assert all(not c.endswith(("&", "&a", "&am", "&amp")) for c in chunks)
    assert "".join(chunks).count("z") == 7000


def test_a_small_answer_is_one_section_per_tier_with_the_disclaimer_last() -> None:
    view = AnswerView("calf · cramps", _entries(1, "most_likely") + _entries(2, "do_not_miss"))
    rendered = render(Outbound(OutboundKind.answer, answer=view))
    sections = [b["text"]["text"] for b in rendered.blocks if b["type"] == "section"]
    assert [s.split("\n")[0] for s in sections[1:]] == ["*Single most likely diagnosis*", "*Do not miss*"]
    assert escape(DISCLAIMER) in rendered.blocks[-1]["elements"][0]["text"]
    assert "&lt;0&gt;" in json.dumps(rendered.blocks) and "_For:_" in json.dumps(rendered.blocks)


def test_a_huge_answer_is_compacted_then_trimmed_rare_first() -> None:
    entries = [
        *_entries(3, "most_likely"),
        *_entries(150, "other_likely", name_len=200),
        *_entries(40, "do_not_miss"),
        *_entries(3000, "rare", name_len=200),
    ]
    view = AnswerView("t", entries, banner=["flag & <x>"] * 3)
    rendered = render(Outbound(OutboundKind.answer, answer=view), footer=blocks.share_footer("T:C:x"))
    _limits_ok(rendered)
    text = json.dumps(rendered.blocks)
    assert "URGENT" in rendered.blocks[0]["text"]["text"]
    assert text.count("do_not_miss &lt;") == 40, "every do-not-miss entry survives"
    assert "more not shown here" in text
    assert rendered.blocks[-2]["elements"][0]["action_id"] == blocks.SHARE_ACTION
    assert rendered.blocks[-1]["type"] == "context"


def test_question_buttons_carry_option_ids_and_skip() -> None:
    options = [OptionView(f"q:o{i}", f"Option {i} " + "long " * 30) for i in range(30)]
    rendered = render(Outbound(OutboundKind.question, question=QuestionView("q", "When <now>?", options, 1, 3, "Understood: x.")))
    _limits_ok(rendered)
    values = [e["value"] for b in rendered.blocks if b["type"] == "actions" for e in b["elements"]]
    assert values == [o.id for o in options] + ["skip"]
    action_ids = [e["action_id"] for b in rendered.blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(set(action_ids)) == len(action_ids)
    assert "When &lt;now&gt;?" in rendered.blocks[1]["text"]["text"]
    assert render(Outbound(OutboundKind.question, question=QuestionView("q", "?", options[:2], 1, 3))).text


def test_answered_question_drops_the_buttons() -> None:
    rendered = render(Outbound(OutboundKind.question, question=QuestionView("q", "When?", [OptionView("q:a", "A")], 1, 3)))
    after = blocks.answered_question(rendered.blocks, "A <b>", "U1")
    assert not [b for b in after if b["type"] == "actions"]
    assert after[-1]["elements"][0]["text"].endswith("chose *A &lt;b&gt;*")


def test_card_and_messages() -> None:
    card = CardView("c", "Name & co", ["X1"], "Sum <mary>", ["k"], ["w"], [], ["Src 2020"])
    rendered = render(Outbound(OutboundKind.card, card=card))
    _limits_ok(rendered)
    assert rendered.blocks[0] == blocks.header("Name & co")  # plain_text: not escaped
    text = json.dumps(rendered.blocks)
    assert "none listed" in text and "Sum &lt;mary&gt;" in text and escape(DISCLAIMER) in text
    error = render(Outbound(OutboundKind.error, "bad <input>"))
    assert error.blocks == [blocks.section(":warning: bad &lt;input&gt;")] and error.text == "bad &lt;input&gt;"


def test_keys_for_channels_threads_and_dms() -> None:
    top = {"channel": "C1", "ts": "1.1"}
    assert keys.event_conversation_key("T", top) == "T:C1:1.1" and keys.reply_thread(top) == "1.1"
    threaded = {"channel": "C1", "ts": "2.2", "thread_ts": "1.1"}
    assert keys.event_conversation_key("T", threaded) == "T:C1:1.1"
    dm = {"channel": "D1", "ts": "3.3", "channel_type": "im"}
    assert keys.event_conversation_key("T", dm) == "T:D1" and keys.reply_thread(dm) is None
    assert keys.message_event_id("C1", "2.2") == "C1:2.2"
    click = {"container": {"channel_id": "D1", "message_ts": "4.4"}, "message": {"ts": "4.4"}}
    assert keys.action_thread(click) is None
    click = {"container": {"channel_id": "C1", "message_ts": "4.4"}, "message": {"ts": "4.4", "thread_ts": "1.1"}}
    assert keys.action_thread(click) == "1.1"


def test_which_messages_are_answerable_and_their_text() -> None:
    person = {"type": "message", "user": "U1", "ts": "1", "channel": "C1", "text": "hi"}
    assert keys.is_answerable_message(person)
    assert keys.is_answerable_message({**person, "subtype": "thread_broadcast"})
    for ignored in (
        {"bot_id": "B1"},
        {"subtype": "bot_message"},
        {"subtype": "message_changed"},
        {"subtype": "message_deleted"},
        {"subtype": "channel_join"},
        {"user": None},
    ):
        assert not keys.is_answerable_message({**person, **ignored})
    assert keys.clean_text("<@UBOT> pain &lt;3 days &amp; <@U2> swelling", "UBOT") == "pain <3 days & <@U2> swelling"
    assert keys.clean_text("<@UBOT|ddxbot>   hi", "UBOT") == "hi"
