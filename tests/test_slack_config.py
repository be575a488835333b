"""Start-up configuration: a missing Slack secret is a clear error naming the variable."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from adapters.cli import app as cli
from adapters.slack import SlackConfigError, build_bot
from adapters.web import PLATFORMS, NoPlatformConfigured, PlatformConfigError, check_settings
from bot.settings import Settings, get_settings
from support.yaml_files import read_yaml


def settings(**values: str) -> Settings:
    return Settings(_env_file=None, **{"slack_bot_token": "", "slack_signing_secret": "", "slack_app_token": "", **values})


def test_http_mode_names_the_missing_variable() -> None:
    slack = [spec for spec in PLATFORMS if spec.name == "slack"]
    with pytest.raises(PlatformConfigError, match="SLACK_SIGNING_SECRET is not set"):
        check_settings(settings(slack_bot_token="xoxb-1"), slack)
    with pytest.raises(PlatformConfigError, match="SLACK_BOT_TOKEN is not set"):
        check_settings(settings(slack_signing_secret="s"), slack)
    with pytest.raises(NoPlatformConfigured, match="SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"):
        check_settings(settings(), slack)
    assert check_settings(settings(slack_bot_token="xoxb-1", slack_signing_secret="s"), slack) == slack


def test_socket_mode_needs_the_app_token_not_the_signing_secret() -> None:
    with pytest.raises(SlackConfigError, match="SLACK_APP_TOKEN is not set"):
        build_bot(settings(slack_bot_token="xoxb-1"), conversations=None, socket_mode=True)  # type: ignore[arg-type]
    with pytest.raises(SlackConfigError, match="SLACK_BOT_TOKEN and SLACK_APP_TOKEN are not set"):
        build_bot(settings(), conversations=None, socket_mode=True)  # type: ignore[arg-type]


@pytest.fixture
def fresh_settings():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_cli_commands_fail_fast_naming_the_variable(fresh_settings, tmp_path) -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "",
        "SLACK_APP_TOKEN": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    result = CliRunner().invoke(cli, ["slack", "--socket"], env=env)
    assert result.exit_code == 2 and "SLACK_APP_TOKEN is not set" in result.output
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["serve", "--port", "0"], env=env)
    assert result.exit_code == 2 and "SLACK_SIGNING_SECRET is not set" in result.output
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["slack"], env=env)
    assert result.exit_code == 2 and "ddxbot serve" in result.output


def test_manifests_match_the_app() -> None:
    from pathlib import Path

    from adapters.slack.app import COMMAND

    folder = Path(__file__).resolve().parents[1] / "adapters" / "slack"
    http, socket = (read_yaml(folder / name) for name in ("manifest.yaml", "manifest-socket.yaml"))
    for manifest, socket_mode in ((http, False), (socket, True)):
        settings_ = manifest["settings"]
        assert settings_["socket_mode_enabled"] is socket_mode
        assert {"app_mention", "message.im", "message.channels"} <= set(settings_["event_subscriptions"]["bot_events"])
        assert settings_["interactivity"]["is_enabled"] is True
        assert [c["command"] for c in manifest["features"]["slash_commands"]] == [COMMAND]
        assert {"app_mentions:read", "chat:write", "commands", "im:history"} <= set(manifest["oauth_config"]["scopes"]["bot"])
    urls = [
        http["settings"]["event_subscriptions"]["request_url"],
        http["settings"]["interactivity"]["request_url"],
        http["features"]["slash_commands"][0]["url"],
    ]
    assert {u.rsplit("/", 2)[-2:] == ["slack", "events"] for u in urls} == {True}


def test_serve_answers_from_the_knowledge_folder_it_was_given(fresh_settings, tmp_path, monkeypatch) -> None:
    """A worker run in the serving process (one worker) reads KNOWLEDGE_DIR after --knowledge set
    it: the settings read before then said "bundled", and it answered from the bundled knowledge."""
    import shutil

    import uvicorn

    from bot.engine import Core
    from knowledge import load_knowledge
    from knowledge.loader import DATA_DIR

    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    with (folder / "scoring.yaml").open("a") as fh:
        fh.write("\n# a local edit: this copy is another version\n")
    served: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: served.append(Core.default().kb.version))
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "made-up",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    monkeypatch.setenv("KNOWLEDGE_DIR", "")  # bundled; undone after the test, with what serve sets
    Core.default.cache_clear()  # a fresh process, as `ddxbot serve` is: no default core built yet
    try:
        result = CliRunner().invoke(cli, ["serve", "--port", "0", "--knowledge", str(folder)], env=env)
    finally:
        Core.default.cache_clear()  # the next test's default core is the bundled one again
    assert result.exit_code == 0, result.output
    assert served == [load_knowledge(folder).version] and served[0] != load_knowledge().version
