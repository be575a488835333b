"""``/healthz`` follows the database; ``/readyz`` waits for the platforms to start."""

from __future__ import annotations

import httpx

from adapters.web import create_app
from bot.conversations import Conversations
from bot.service import ConversationService
from bot.settings import Settings
from bot.store import Store, make_engine


async def test_healthz_fails_while_the_database_is_down_and_recovers(core, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'health.sqlite3'}")
    settings = Settings(slack_bot_token="xoxb-test", slack_signing_secret="secret", _env_file=None)
    app = create_app(settings, Conversations(ConversationService(store, core)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        assert (await http.get("/healthz")).status_code == 200
        working = store.engine
        store.engine = make_engine("postgresql://nobody@127.0.0.1:1/none")  # nothing listens on port 1
        down = await http.get("/healthz")
        assert down.status_code == 503 and down.json()["database"] == "unreachable"
        store.engine = working
        assert (await http.get("/healthz")).json()["database"] == "ok"
        not_started = await http.get("/readyz")  # the lifespan (platform start-up) has not run
        assert not_started.status_code == 503 and not_started.json()["status"] == "starting"
