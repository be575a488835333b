"""How the bot presents itself in Telegram: its profile texts, and "typing…" while a turn runs.

The description (shown in an empty chat, before /start) and the short description (the profile
and shared links) say what the bot covers — read from the knowledge — and that it is decision
support, not a diagnosis. They are set at every start-up, so a knowledge update shows at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Bot
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.coverage import NOT_A_DIAGNOSIS, PURPOSE, Coverage

log = logging.getLogger(__name__)

DESCRIPTION_LIMIT = 512  # Bot API limits of setMyDescription and setMyShortDescription
SHORT_LIMIT = 120
TYPING_EVERY = 4.0  # seconds: Telegram shows a chat action for 5 s, or until the next message


def description(coverage: Coverage) -> str:
    """What it is, that it is not a diagnosis, how to use it, then what it covers (by area: the
    family list outgrew the limit). Too long, the how-to goes first (eight areas outgrew the limit
    with it), then the areas are named in a word or two each (eleven outgrew it), then the list is
    cut; never the warning."""
    how = (
        "Describe a presentation in a sentence; I ask up to three questions, then give a tiered "
        "differential with the findings for and against.\n\n"
    )
    head = f"{PURPOSE} {NOT_A_DIAGNOSIS}\n\n"
    covers = f"Covers {coverage.conditions} conditions presenting in these areas: "
    labels, names = coverage.area_list(), ", ".join(coverage.area_names)
    tries = [f"{head}{how}{covers}{labels}.", f"{head}{covers}{labels}.", f"{head}{how}{covers}{names}."]
    text = next((t for t in tries if len(t) <= DESCRIPTION_LIMIT), tries[-1])
    return text if len(text) <= DESCRIPTION_LIMIT else text[: DESCRIPTION_LIMIT - 1] + "…"


def short_description(coverage: Coverage) -> str:
    return (f"Differential-diagnosis support for clinicians: {coverage.conditions} conditions, cited. Not a diagnosis.")[
        :SHORT_LIMIT
    ]


async def publish_profile(bot: Bot, coverage: Coverage) -> None:
    """Beside the command menu, at start-up."""
    await bot.set_my_description(description=description(coverage))
    await bot.set_my_short_description(short_description=short_description(coverage))


@asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """ "typing…" in the chat until the block ends. The first chat action is sent before the block
    runs, so that it never arrives after the reply (and shows for 5 s more); it is repeated while
    the block lasts. A failed chat action never costs the reply."""
    if not await _chat_action(bot, chat_id):
        yield
        return

    async def keep_typing() -> None:
        while True:
            await asyncio.sleep(TYPING_EVERY)
            if not await _chat_action(bot, chat_id):
                return

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()


async def _chat_action(bot: Bot, chat_id: int) -> bool:
    try:
        await bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as exc:
        log.debug("telegram chat action failed: %s", type(exc).__name__)
        return False
    return True
