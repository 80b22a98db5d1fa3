"""Deployment for an association: docs/deploy/compose.yaml and docs/deploy.md agree, and the
guide's steps are the ones `.ci/run` runs.

`docker compose up` is not available on these machines, so the compose file is checked
here, line by line against the guide, and `.ci/run` runs the same services by hand (a
PostgreSQL database, `benchlearn serve`, its /health and /) from the blocks of
docs/deploy.md marked ``<!-- ci: deploy -->`` and ``<!-- ci: deploy sql -->``. This module
reads those blocks as `.ci/run` does and runs their `benchlearn` commands on each backend.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import Engine, select

from benchlearn.cli import cli
from benchlearn.database import make_engine
from benchlearn.models import User
from tests.conftest import REPO

DEPLOY = REPO / "docs" / "deploy"
GUIDE = REPO / "docs" / "deploy.md"
STEPS = "<!-- ci: deploy -->"
SQL = "<!-- ci: deploy sql -->"


def marked(marker: str) -> list[str]:
    """The lines of every fenced block of docs/deploy.md that follows a line equal to
    ``marker``, in order, a line ending in a backslash joined to the next without the next
    one's indentation (what `.ci/run`'s ``guide_block`` prints)."""
    lines: list[str] = []
    armed = inside = False
    held = ""
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line == marker:
            armed = True
        elif armed and line.startswith("```"):
            inside = not inside
            armed = inside
        elif inside:
            line = line.lstrip(" \t") if held else line
            if line.endswith("\\"):
                held += line[:-1]
                continue
            lines.append(held + line)
            held = ""
    return lines


def steps() -> list[str]:
    return [line for line in marked(STEPS) if line.strip() and not line.startswith("#")]


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def container_commands() -> list[str]:
    """The `benchlearn` commands the benchlearn container runs, in order."""
    command = compose()["services"]["benchlearn"]["command"]
    assert command[:2] == ["sh", "-c"]
    return [part.strip().removeprefix("exec ") for part in command[2].split("&&")]


def serve_line() -> str:
    return next(line for line in steps() if line.startswith("benchlearn serve "))


# --- the guide's steps and .ci/run --------------------------------------------------------


def test_the_guides_marked_steps_are_in_the_order_an_administrator_takes_them() -> None:
    found = steps()

    assert found[0] == "pip install '.[postgres,server]'"
    commands = [line[line.index("benchlearn ") :] for line in found if "benchlearn " in line]
    assert commands[:3] == [
        "benchlearn db upgrade",
        "benchlearn definitions load --builtin",
        "benchlearn users add anna@example.lv --role facilitator --network T2 --password-stdin",
    ]
    assert found[-1] == serve_line()
    assert serve_line().startswith("benchlearn serve --host 127.0.0.1 --port 8000")
    assert any('"$BENCHLEARN_SECRET_FILE"' in line and "umask 077" in line for line in found)


def test_ci_runs_the_guides_marked_blocks() -> None:
    """`.ci/run`'s own ``guide_block`` function, taken from the script and run, prints the
    lines this module reads, for both markers; the script calls it with both and runs the
    deploy check after the test line."""
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    function = re.search(r"^guide_block\(\) \{.*?^\}$", script, re.M | re.S)
    assert function is not None
    for marker in (STEPS, SQL):
        printed = subprocess.run(
            ["bash", "-c", f"{function.group()}\nguide_block {shlex.quote(marker)}"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert printed.splitlines() == marked(marker)
        assert f"guide_block '{marker}'" in script
    assert script.index('bash -c "$TEST_LINE"') < script.rindex("\ndeploy_check\n")
    assert "--port 8000/--port $port" in script


def test_the_sql_makes_the_role_and_database_the_urls_name() -> None:
    sql = marked(SQL)
    postgres = compose()["services"]["postgres"]["environment"]

    assert sql == [
        "CREATE ROLE benchlearn LOGIN PASSWORD :'password';",
        "CREATE DATABASE benchlearn OWNER benchlearn ENCODING 'UTF8' TEMPLATE template0;",
    ]
    assert (postgres["POSTGRES_USER"], postgres["POSTGRES_DB"]) == ("benchlearn", "benchlearn")
    assert "BENCHLEARN_DB=postgresql://benchlearn@localhost/benchlearn" in GUIDE.read_text(
        encoding="utf-8"
    )


def test_the_systemd_service_runs_the_guides_serve_line() -> None:
    guide = GUIDE.read_text(encoding="utf-8")

    assert f"ExecStart=/var/lib/benchlearn/venv/bin/{serve_line()}\n" in guide


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_guides_benchlearn_steps_run(
    backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every `benchlearn` line of the marked blocks but `serve` (which `.ci/run` starts),
    with the facilitator's password piped in as the guide pipes it."""
    url = str(request.getfixturevalue("sqlite_url" if backend == "sqlite" else "postgres_url"))
    secret = tmp_path / "etc" / "secret"
    secret.parent.mkdir(mode=0o700)
    secret.write_text("ab" * 32 + "\n", encoding="utf-8")
    monkeypatch.setenv("BENCHLEARN_SECRET_FILE", str(secret))
    runner = CliRunner()
    outputs = []
    for line in steps():
        piped = re.fullmatch(r"printf '%s\\n' \"\$(\w+)\" \| (benchlearn .*)", line)
        command = piped.group(2) if piped else line
        if not command.startswith("benchlearn ") or command.startswith("benchlearn serve "):
            continue
        given = "facilitator-password-1\n" if piped else None
        result = runner.invoke(cli, ["--db", url, *shlex.split(command)[1:]], input=given)
        assert result.exit_code == 0, (line, result.output)
        outputs.append(result.output)

    engine: Engine = make_engine(url)
    with engine.connect() as connection:
        users = connection.execute(select(User.email, User.role)).all()
    engine.dispose()
    assert users == [("anna@example.lv", "facilitator")]
    assert outputs[-1] == (
        "Added anna@example.lv (facilitator).\nThe password of anna@example.lv is set.\n"
    )


def test_the_serve_options_the_guide_and_compose_use_exist_once_serve_does() -> None:
    command = cli.commands.get("serve")
    if command is None:
        pytest.skip("`benchlearn serve` is not on this branch yet")
    known = {name for param in command.params for name in getattr(param, "opts", [])}
    for line in (serve_line(), container_commands()[-1]):
        assert {word for word in shlex.split(line) if word.startswith("--")} <= known, line


# --- the compose file ---------------------------------------------------------------------


def test_compose_is_valid_under_the_compose_specifications_schema() -> None:
    """The published schema of the Compose Specification (tests/data/compose-spec), which
    `docker compose` checks a file against: a misspelt key is caught here."""
    import json

    import jsonschema

    schema = json.loads((REPO / "tests/data/compose-spec/compose-spec.json").read_text("utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    misspelt = {**compose(), "volume": {}}

    assert [error.message for error in validator.iter_errors(compose())] == []
    assert [error.message for error in validator.iter_errors(misspelt)] == [
        "'volume' does not match any of the regexes: '^x-'"
    ]


def test_compose_has_postgres_benchlearn_and_caddy() -> None:
    services = compose()["services"]

    assert sorted(services) == ["benchlearn", "caddy", "postgres"]
    assert services["postgres"]["image"] == "postgres:17"
    assert services["caddy"]["image"] == "caddy:2"
    assert services["benchlearn"]["build"] == {
        "context": "../..",
        "dockerfile": "docs/deploy/Dockerfile",
    }
    assert all(service["restart"] == "unless-stopped" for service in services.values())


def test_the_container_runs_the_commands_the_guide_shows() -> None:
    commands = container_commands()
    command = compose()["services"]["benchlearn"]["command"]
    caddy = compose()["services"]["caddy"]["networks"]["default"]["ipv4_address"]

    assert commands == [
        "benchlearn db upgrade",
        serve_line()
        .replace("--host 127.0.0.1", "--host 0.0.0.0")
        .replace("--trusted-proxy 127.0.0.1", f"--trusted-proxy {caddy}"),
    ]
    assert f'sh -c "{command[2]}"' in GUIDE.read_text(encoding="utf-8")


def test_the_image_installs_the_server_extras_and_runs_as_the_secrets_owner() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    guide = GUIDE.read_text(encoding="utf-8")

    assert "RUN pip install '.[postgres,server]'" in dockerfile
    assert "--uid 10001" in dockerfile and "\nUSER 10001\n" in dockerfile
    assert "sudo chown 10001 secrets/benchlearn_secret secrets/pgpass" in guide
    assert 'CMD ["benchlearn", "serve", "--host", "0.0.0.0", "--port", "8000"]' in dockerfile


def test_the_image_copies_everything_the_wheel_is_built_from() -> None:
    """pyproject.toml's wheel takes the package and force-includes the definitions and
    migrations: a folder added there and not copied would make an image without it."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = project["tool"]["hatch"]["build"]["targets"]["wheel"]
    needed = {*wheel["packages"], *wheel["force-include"], "pyproject.toml", "README.md"}
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    copied = {
        source
        for line in dockerfile.splitlines()
        if line.startswith("COPY ")
        for source in line.split()[1:-1]
    }
    kept = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()

    assert copied == needed
    assert {line.removeprefix("!") for line in kept if line.startswith("!")} == needed


def test_the_server_container_runs_without_privileges() -> None:
    server = compose()["services"]["benchlearn"]
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")

    assert server["cap_drop"] == ["ALL"]
    assert server["security_opt"] == ["no-new-privileges:true"]
    assert "\nUSER 10001\n" in dockerfile


def test_secrets_reach_the_containers_as_files_and_stay_out_of_git() -> None:
    loaded = compose()
    services = loaded["services"]
    environment = services["benchlearn"]["environment"]

    assert loaded["secrets"] == {
        "postgres_password": {"file": "./secrets/postgres_password"},
        "pgpass": {"file": "./secrets/pgpass"},
        "benchlearn_secret": {"file": "./secrets/benchlearn_secret"},
    }
    assert services["postgres"]["secrets"] == ["postgres_password"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"] == (
        "/run/secrets/postgres_password"
    )
    assert sorted(services["benchlearn"]["secrets"]) == ["benchlearn_secret", "pgpass"]
    assert environment["BENCHLEARN_SECRET_FILE"] == "/run/secrets/benchlearn_secret"
    assert environment["BENCHLEARN_DB"] == (
        "postgresql://benchlearn@postgres:5432/benchlearn?passfile=/run/secrets/pgpass"
    )
    assert "/docs/deploy/secrets/" in (REPO / ".gitignore").read_text(encoding="utf-8")
    assert "BENCHLEARN_SECRET" not in environment  # the secret itself never in the environment


def test_only_caddy_publishes_ports() -> None:
    services = compose()["services"]

    assert services["caddy"]["ports"] == ["80:80", "443:443", "443:443/udp"]
    assert "ports" not in services["benchlearn"] and "ports" not in services["postgres"]
    assert services["benchlearn"]["expose"] == ["8000"]
    assert services["caddy"]["environment"]["BENCHLEARN_UPSTREAM"] == "benchlearn:8000"
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert "reverse_proxy {$BENCHLEARN_UPSTREAM:benchlearn:8000}" in caddyfile


def test_caddys_address_is_fixed_outside_the_range_the_others_take() -> None:
    import ipaddress

    network = compose()["networks"]["default"]["ipam"]["config"][0]
    caddy = ipaddress.ip_address(
        compose()["services"]["caddy"]["networks"]["default"]["ipv4_address"]
    )

    assert caddy in ipaddress.ip_network(network["subnet"])
    assert caddy not in ipaddress.ip_network(network["ip_range"])


def test_healthchecks_and_start_order() -> None:
    services = compose()["services"]

    assert services["postgres"]["healthcheck"]["test"] == [
        "CMD-SHELL",
        "pg_isready -U benchlearn -d benchlearn",
    ]
    probe = services["benchlearn"]["healthcheck"]["test"]
    assert probe[:3] == ["CMD", "python", "-c"]
    assert "'http://127.0.0.1:8000/health'" in probe[3]
    assert services["caddy"]["healthcheck"]["test"][0] == "CMD"
    assert services["benchlearn"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["caddy"]["depends_on"] == {"benchlearn": {"condition": "service_healthy"}}


def test_every_named_volume_is_declared_and_keeps_what_must_outlive_a_container() -> None:
    loaded = compose()
    used = {
        mount.split(":")[0]
        for service in loaded["services"].values()
        for mount in service.get("volumes", [])
        if not mount.startswith(".")
    }

    assert used == set(loaded["volumes"]) == {"pgdata", "pull_cache", "caddy_data", "caddy_config"}
    assert "pgdata:/var/lib/postgresql/data" in loaded["services"]["postgres"]["volumes"]
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in loaded["services"]["caddy"]["volumes"]
    assert (DEPLOY / "Caddyfile").is_file()
