"""The deployment files: read for what must never rot (non-root image, knowledge checked at build
time, release before web, health checks, no secrets in the image), and the image built and started
when a Docker engine is available.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from dockerfile_parse import DockerfileParser

from bot.settings import Settings
from support.yaml_files import read_yaml

ROOT = Path(__file__).resolve().parent.parent


def instructions() -> list[tuple[str, str]]:
    parser = DockerfileParser(str(ROOT / "Dockerfile"))
    return [(i["instruction"], i["value"]) for i in parser.structure if i["instruction"] != "COMMENT"]


def compose() -> dict[str, Any]:
    return read_yaml(ROOT / "compose.yaml")


# --- the files, read ----------------------------------------------------------------------------


def test_dockerfile_is_slim_non_root_and_validates_the_knowledge_at_build_time() -> None:
    steps = instructions()
    assert DockerfileParser(str(ROOT / "Dockerfile")).baseimage == "python:3.11-slim"
    kinds = [kind for kind, _ in steps]
    users = [value.split(":")[0] for kind, value in steps if kind == "USER"]
    assert users and users[-1] not in ("root", "0"), "the process runs as root"
    install = next(i for i, (k, v) in enumerate(steps) if k == "RUN" and "pip install ." in v)
    lint = next(i for i, (k, v) in enumerate(steps) if k == "RUN" and "ddxbot kb lint" in v)
    last_user = max(i for i, k in enumerate(kinds) if k == "USER")
    assert install < last_user < lint < kinds.index("CMD"), (
        "the knowledge is checked as the app's user, with the installed package"
    )
    assert "ddxbot ask" in steps[lint][1], "the knowledge cache is built into the image"
    assert any(k == "HEALTHCHECK" and "/healthz" in v for k, v in steps)
    (cmd,) = [json.loads(v) for k, v in steps if k == "CMD"]
    assert cmd[:2] == ["ddxbot", "serve"] and "0.0.0.0" in cmd


def test_every_file_the_image_copies_exists_and_is_not_ignored() -> None:
    ignored = {
        line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip() and not line.startswith("#")
    }
    for kind, value in instructions():
        if kind == "COPY":
            *sources, _ = value.split()
            for source in sources:
                assert (ROOT / source).exists(), source
                assert source not in ignored, f"{source} is copied but .dockerignore drops it"
    assert {".env", ".git", ".venv", "*.sqlite3"} <= ignored, "secrets, history or a database would enter the image"


def test_compose_runs_the_release_step_before_web_with_health_checks() -> None:
    services = compose()["services"]
    assert set(services) == {"db", "release", "web"}
    db, release, web = services["db"], services["release"], services["web"]
    assert db["image"].startswith("postgres:") and "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert release["command"] == ["ddxbot", "db", "upgrade"] and release["restart"] == "no"
    assert release["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert web["depends_on"]["release"] == {"condition": "service_completed_successfully"}
    assert web["depends_on"]["db"] == {"condition": "service_healthy"}
    assert web["command"][:2] == ["ddxbot", "serve"] and "/healthz" in " ".join(web["healthcheck"]["test"])
    for service in (release, web):
        assert service["env_file"] == ".env" and service["build"] == "."
        assert (
            service["environment"]["DATABASE_URL"].startswith("postgresql://ddxbot:")
            and "@db:5432/" in service["environment"]["DATABASE_URL"]
        )
    port = web["environment"]["PORT"]
    assert any(mapping.endswith(f":{port}") for mapping in web["ports"]) and f":{port}/healthz" in " ".join(
        web["healthcheck"]["test"]
    )


def test_env_example_names_only_settings_ddxbot_reads() -> None:
    names = [
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    compose_only = {"POSTGRES_PASSWORD", "HTTP_PORT"}
    assert compose_only <= set(names)
    unknown = {n for n in names if n not in compose_only and n.lower() not in Settings.model_fields}
    assert not unknown, f"{unknown} would be ignored by ddxbot"


# --- the image, built and started ---------------------------------------------------------------


def _docker_engine() -> str | None:
    """Why the image cannot be built here, or None when a Docker engine answers."""
    if shutil.which("docker") is None:
        return "no docker client on PATH"
    try:
        info = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return "`docker info` did not answer within 30 s"
    if info.returncode != 0:
        return "no Docker engine: `docker info` fails (" + (info.stderr.strip().splitlines() or ["no output"])[-1] + ")"
    return None


@pytest.fixture(scope="module")
def image() -> Any:
    reason = _docker_engine()
    if reason:
        pytest.skip(reason)
    tag = f"ddxbot-test:{uuid.uuid4().hex[:8]}"
    build = subprocess.run(["docker", "build", "-t", tag, str(ROOT)], capture_output=True, text=True, timeout=1800)
    assert build.returncode == 0, build.stderr[-3000:]
    yield tag
    subprocess.run(["docker", "image", "rm", "-f", tag], capture_output=True, timeout=120)


def test_image_runs_as_non_root(image: str) -> None:
    who = subprocess.run(["docker", "run", "--rm", image, "id", "-u"], capture_output=True, text=True, timeout=120)
    assert who.returncode == 0 and who.stdout.strip() != "0"


def test_image_starts_and_answers_healthz(image: str) -> None:
    env = [
        "-e",
        "DATABASE_URL=sqlite:////tmp/ddxbot.sqlite3",
        "-e",
        "SLACK_BOT_TOKEN=xoxb-docker-test",
        "-e",
        "SLACK_SIGNING_SECRET=docker-test-secret",
    ]
    run = subprocess.run(
        ["docker", "run", "-d", "-p", "127.0.0.1::3000", *env, image], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    container = run.stdout.strip()
    try:
        port = subprocess.run(["docker", "port", container, "3000/tcp"], capture_output=True, text=True, timeout=30).stdout
        url = f"http://{port.split()[0]}/healthz"
        deadline = time.monotonic() + 180  # the knowledge and the NLU load before the server answers
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.status == 200 and json.load(response)["status"] == "ok"
                    return
            except OSError:
                state = subprocess.run(
                    ["docker", "inspect", "-f", "{{.State.Running}}", container], capture_output=True, text=True, timeout=30
                ).stdout.strip()
                logs = subprocess.run(["docker", "logs", "--tail", "30", container], capture_output=True, text=True, timeout=30)
                assert state == "true", f"the container stopped: {logs.stdout}{logs.stderr}"
                assert time.monotonic() < deadline, f"/healthz never answered: {logs.stdout}{logs.stderr}"
                time.sleep(1)  # polling a readiness signal, bounded by the deadline above
    finally:
        subprocess.run(["docker", "rm", "-f", container], capture_output=True, timeout=120)
