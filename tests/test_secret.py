"""The secret that signs forms and sessions lives outside the database (issue 26).

* Where it is: ``BENCHLEARN_SECRET``, else ``BENCHLEARN_SECRET_FILE``, else a file the
  laptop makes on first need in its configuration folder, named by the database's id.
* A copy of the database elsewhere (another secret) cannot make a form the original
  accepts, and refuses the original's forms.
* A database whose earlier benchlearn stored a secret (revision 0003) keeps verifying the
  forms it signed; that key never signs again, and ``--retire-old`` retires it.
* A database URL's password is never echoed in an error.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine, insert, select

from benchlearn.cli import cli
from benchlearn.database import make_engine, upgrade, without_password
from benchlearn.definitions.store import load_definitions
from benchlearn.errors import BenchlearnError
from benchlearn.importing.signing import SigningKey, current_key, signing_keys
from benchlearn.models import FormSecret
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.secret import SECRET_FILE_VAR, SECRET_VAR, database_id, derive, secret_for
from tests.test_trust import form_for, invoke

SECRET = "an association's secret of forty characters"


@pytest.fixture
def laptop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A configuration folder of this test's own, and no secret in the environment."""
    folder = tmp_path / "config"
    monkeypatch.setenv("BENCHLEARN_CONFIG_DIR", str(folder))
    monkeypatch.delenv(SECRET_VAR, raising=False)
    monkeypatch.delenv(SECRET_FILE_VAR, raising=False)
    return folder


def test_a_laptop_makes_the_secret_on_first_need_named_by_the_database(
    engine: Engine, laptop: Path
) -> None:
    with engine.connect() as connection:
        first = secret_for(connection)
        again = secret_for(connection)
        name = database_id(connection)

    path = laptop / "secrets" / f"{name}.key"
    assert first == again and first.source == str(path)
    assert len(first.value) == 64 and int(first.value, 16) >= 0
    assert path.read_bytes() == first.value + b"\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [f"{name}.key"]
    assert SECRET not in repr(first) and first.value.decode() not in repr(first)


def test_the_environment_names_the_secret_and_no_file_is_made(
    engine: Engine, laptop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SECRET_VAR, SECRET)
    with engine.connect() as connection:
        given = secret_for(connection)
    secret_file = laptop.parent / "mounted-secret"
    secret_file.write_text(SECRET + "X\n", encoding="utf-8")
    monkeypatch.delenv(SECRET_VAR)
    monkeypatch.setenv(SECRET_FILE_VAR, str(secret_file))
    with engine.connect() as connection:
        filed = secret_for(connection)

    assert (given.value, given.source) == (SECRET.encode(), "BENCHLEARN_SECRET")
    assert (filed.value, filed.source) == ((SECRET + "X").encode(), str(secret_file))
    assert derive(given, "forms") != derive(filed, "forms") != derive(given, "csrf")
    assert not laptop.exists()


def test_a_short_or_unreadable_secret_is_refused_with_where_it_was(
    engine: Engine, laptop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SECRET_VAR, "too short")
    with engine.connect() as connection, pytest.raises(BenchlearnError) as short:
        secret_for(connection)
    monkeypatch.delenv(SECRET_VAR)
    monkeypatch.setenv(SECRET_FILE_VAR, str(laptop / "missing"))
    with engine.connect() as connection, pytest.raises(BenchlearnError) as missing:
        secret_for(connection)

    assert str(short.value) == (
        "the secret in BENCHLEARN_SECRET is too short: it has 9 characters and needs at least "
        "32 (docs/accounts.md shows how to make one)"
    )
    assert short.value.text("lv") == (
        "slepenā atslēga no BENCHLEARN_SECRET ir pārāk īsa: tajā ir 9 rakstzīmes, bet jābūt "
        "vismaz 32 (kā to izveidot, skatiet docs/accounts.md)"
    )
    assert str(missing.value) == (
        f"{laptop / 'missing'}: cannot read the secret: No such file or directory; check "
        "BENCHLEARN_SECRET_FILE and the file's permissions"
    )


def test_db_secret_says_where_the_secret_is_never_what(
    engine: Engine, db_url: str, laptop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with engine.connect() as connection:
        path = laptop / "secrets" / f"{database_id(connection)}.key"

    made = invoke(db_url, "db", "secret")
    latvian = invoke(db_url, "--lang", "lv", "db", "secret")
    monkeypatch.setenv(SECRET_VAR, SECRET)
    given = invoke(db_url, "db", "secret")

    assert made == (
        0,
        f"The secret that signs this database's forms and sessions is in {path}; keep a copy of "
        "that file apart from the database's backups (without it, the forms sent out no longer "
        "import).\n",
    )
    assert latvian == (
        0,
        "Slepenā atslēga, ar kuru tiek parakstītas šīs datubāzes veidlapas un sesijas, ir "
        f"failā {path}; glabājiet šī faila kopiju atsevišķi no datubāzes rezerves kopijām (bez "
        "tās izsūtītās veidlapas vairs nevar importēt).\n",
    )
    assert given == (
        0,
        "The secret that signs this database's forms and sessions comes from the environment "
        "variable BENCHLEARN_SECRET.\n",
    )
    assert path.read_text(encoding="ascii").strip() not in made[1] + latvian[1]


def test_a_new_database_stores_no_secret_only_a_salt(engine: Engine) -> None:
    with engine.connect() as connection:
        rows = connection.execute(select(FormSecret.secret, FormSecret.salt)).all()

    assert [(secret, len(salt)) for secret, salt in rows] == [(None, 32)]


def test_a_copy_on_another_machine_cannot_sign_a_form_the_original_accepts(
    workspace: Engine, db_url: str, tmp_path: Path, laptop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy is the same database (same id, same salts) with another secret, as a copy
    of the file on another laptop or a dump restored elsewhere would be."""
    original = form_for(workspace, tmp_path / "original")
    monkeypatch.setenv(SECRET_VAR, "a secret the thief's machine made itself, 40 ch")
    forged = form_for(workspace, tmp_path / "forged", "B2")
    code, output = invoke(db_url, "import", str(original))
    monkeypatch.delenv(SECRET_VAR)

    assert (code, output) == (1, other_database(original))
    assert invoke(db_url, "import", str(forged)) == (1, other_database(forged))
    assert invoke(db_url, "import", str(original))[0] == 0


def other_database(path: Path) -> str:
    return (
        f"Error: {path}: the form was not made by this database, or not with its secret (its "
        "signature key is unknown here); use a form made from this database with `benchlearn "
        "forms make`, where the database's secret is set (docs/accounts.md)\n"
    )


def test_moving_the_database_file_keeps_its_secret(
    workspace: Engine, db_url: str, tmp_path: Path, laptop: Path
) -> None:
    if workspace.dialect.name != "sqlite":
        pytest.skip("a file is moved on SQLite; a server's database has no file")
    sent = form_for(workspace, tmp_path / "sent")
    workspace.dispose()
    moved = tmp_path / "elsewhere" / "renamed.db"
    moved.parent.mkdir()
    shutil.move(str(workspace.url.database), moved)

    assert invoke(f"sqlite:///{moved}", "import", str(sent))[0] == 0


# --- databases from before revision 0007 ------------------------------------------------


@pytest.fixture
def stored_key(empty_engine: Engine, workspace_files: dict[str, Path]) -> SigningKey:
    """A database at revision 0006 whose upgrade through 0003 stored a secret (as every
    database did before 0007), with the workspace's definitions, brought to the newest
    revision; the stored key is returned."""
    upgrade(empty_engine, "0006")
    stored = secrets.token_bytes(32)
    with empty_engine.begin() as connection:
        connection.execute(
            insert(FormSecret).values(secret=stored, created_at=dt.datetime(2026, 12, 2))
        )
    upgrade(empty_engine)
    load_municipalities(empty_engine, workspace_files["municipalities"])
    load_definitions(empty_engine, [workspace_files["definitions"]])
    return SigningKey(stored, dt.datetime(2026, 12, 2), None, stored=True)


def signed_with(path: Path, key: SigningKey) -> Path:
    """``path`` as it would be had ``key`` signed it (a form sent out before the upgrade)."""
    book = load_workbook(path)
    hidden = book["_benchlearn"]
    signed = f"benchlearn-form\n{hidden['B1'].value}\n{hidden['B3'].value}"
    hidden["B2"].value = f"{key.key_id}:{key.sign(signed)}"
    book.save(path)
    return path


def test_a_stored_secret_verifies_the_forms_it_signed_and_never_signs_again(
    stored_key: SigningKey, empty_engine: Engine, db_url: str, tmp_path: Path, laptop: Path
) -> None:
    sent = signed_with(form_for(empty_engine, tmp_path / "sent"), stored_key)
    made_now = form_for(empty_engine, tmp_path / "now", "B2")
    with empty_engine.connect() as connection:
        keys = signing_keys(connection)

    assert [k.stored for k in keys] == [False, True]
    assert keys[1].key_id == stored_key.key_id
    assert current_key(keys) == keys[0] != stored_key
    assert str(load_workbook(made_now)["_benchlearn"]["B2"].value).startswith(keys[0].key_id)
    assert invoke(db_url, "import", str(sent))[0] == 0
    assert invoke(db_url, "import", str(made_now))[0] == 0


def test_retiring_old_keys_retires_the_stored_secret_too(
    stored_key: SigningKey, empty_engine: Engine, db_url: str, tmp_path: Path, laptop: Path
) -> None:
    sent = signed_with(form_for(empty_engine, tmp_path / "sent"), stored_key)

    assert invoke(db_url, "forms", "rotate-key", "--retire-old")[0] == 0
    assert invoke(db_url, "import", str(sent)) == (
        1,
        f"Error: {sent}: the form was signed with a key that has been retired "
        "(`benchlearn forms rotate-key --retire-old`); make the form again with "
        "`benchlearn forms make`\n",
    )
    audit = CliRunner().invoke(cli, ["--db", db_url, "audit", "--format", "csv"]).stdout
    assert audit.splitlines()[1].split(",")[2:4] == ["form_key_rotated", "forms"]


# --- a database URL's password ----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("mysql://anna:s3cret-pw@db.example.lv/bench", "mysql://anna:***@db.example.lv/bench"),
        ("postgresql+psycopg2://anna:p%40ss%2Fw0rd@h/b", "postgresql+psycopg2://anna:***@h/b"),
        ("nosuch://anna:s3cret-pw@h/b", "nosuch://anna:***@h/b"),
    ],
)
def test_a_database_urls_password_is_never_echoed(url: str, shown: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, "users", "list"])

    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot use database '{shown}': ")
    assert "s3cret" not in result.output and "p%40ss" not in result.output


def test_a_password_is_hidden_in_a_drivers_message_as_typed_and_as_decoded() -> None:
    url = "postgresql://anna:p%40ss%2Fw0rd@h/b"

    assert without_password('password "p@ss/w0rd" for anna refused', url) == (
        'password "***" for anna refused'
    )
    assert without_password(url) == "postgresql://anna:***@h/b"
    assert without_password("sqlite:///bench.db") == "sqlite:///bench.db"
    assert without_password("postgresql://a:b@h/x, b and a") == "postgresql://a:***@h/x, b and a"


def test_a_server_that_cannot_be_reached_is_named_without_its_password(tmp_path: Path) -> None:
    engine = make_engine("postgresql://anna:s3cret-pw@127.0.0.1:1/bench")

    result = CliRunner().invoke(cli, ["--db", str(engine.url.render_as_string(False)), "audit"])

    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach the database: ")
    assert "s3cret" not in result.output


#: What libpq says of a port where no server listens (psycopg's binary wheel bundles it).
REFUSED = (
    'connection failed: connection to server at "127.0.0.1", port 1 failed: Connection '
    "refused\n\tIs the server running on that host and accepting TCP/IP connections?"
)


@pytest.mark.parametrize(
    ("args", "output"),
    [
        (
            ["--db", "postgresql+pg8000://anna:s3cret-pw@db.example.lv/bench", "db", "upgrade"],
            "Error: cannot use database 'postgresql+pg8000://anna:***@db.example.lv/bench': "
            "No module named 'pg8000'\n",
        ),
        (
            ["--lang", "lv", "--db", "postgresql+pg8000://anna:s3cret-pw@h/b", "db", "current"],
            "Kļūda: datubāzi „postgresql+pg8000://anna:***@h/b” nevar izmantot: "
            "No module named 'pg8000'\n",
        ),
        (
            ["--db", "postgresql://anna:s3cret-pw@127.0.0.1:1/bench", "db", "current"],
            f"Error: cannot reach the database: {REFUSED}\n",
        ),
        (
            ["--db", "postgresql://anna:s3cret-pw@127.0.0.1:1/bench", "db", "upgrade"],
            f"Error: cannot reach the database: {REFUSED}\n",
        ),
        (
            ["--db", "postgresql://anna:s3cret-pw@127.0.0.1:1/b?nosuch=1", "users", "list"],
            'Error: cannot reach the database: invalid connection option "nosuch"\n',
        ),
        (
            ["--db", "postgresql://anna:s3cret-pw@db.example.lv:fivefour/bench", "audit"],
            "Error: cannot use database 'postgresql+psycopg://anna:***@db.example.lv:fivefour/"
            "bench': invalid literal for int() with base 10: 'fivefour'\n",
        ),
        (  # an '@' of the password not written as %40: SQLAlchemy would take "pw@db" for a host
            ["--db", "postgresql://anna:s3cret@pw@db.example.lv/bench", "db", "upgrade"],
            "Error: cannot use database 'postgresql+psycopg://***@db.example.lv/bench': more "
            "than one '@' stands before its host, so its password would be read as part of "
            "the host; write an '@' in the user name or password as %40\n",
        ),
    ],
    ids=[
        "no-driver",
        "no-driver-lv",
        "no-server",
        "no-server-upgrade",
        "bad-option",
        "bad-port",
        "at-in-password",
    ],
)
def test_a_database_that_cannot_be_used_is_named_without_its_password(
    args: list[str], output: str
) -> None:
    result = CliRunner().invoke(cli, args)

    assert (result.exit_code, result.output) == (1, output)


def test_a_host_that_does_not_resolve_is_named_without_the_password() -> None:
    result = CliRunner().invoke(
        cli, ["--db", "postgresql://anna:s3cret-pw@nosuch.invalid/bench", "db", "current"]
    )

    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach the database: failed to resolve host ")
    assert "s3cret" not in result.output


def test_an_unexpected_failure_quoting_the_url_hides_its_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = "postgresql://anna:s3cret-pw@db.example.lv/bench"

    def quoting(_engine: Engine) -> str:
        raise RuntimeError(f"no answer from {url}")

    monkeypatch.setattr("benchlearn.database.current_revision", quoting)
    given = CliRunner().invoke(cli, ["--db", url, "db", "current"])
    from_variable = CliRunner().invoke(cli, ["db", "current"], env={"BENCHLEARN_DB": url})

    expected = (
        "Error: unexpected RuntimeError: no answer from postgresql://anna:***@db.example.lv/bench "
        "(set BENCHLEARN_DEBUG=1 to see where)\n"
    )
    assert (given.exit_code, given.output) == (3, expected)
    assert (from_variable.exit_code, from_variable.output) == (3, expected)


def test_a_schema_missing_on_a_server_is_named_without_password_and_lock_timeout(
    db_url: str,
) -> None:
    from sqlalchemy.engine import make_url

    from benchlearn.database import require_schema

    if not db_url.startswith("postgresql"):
        pytest.skip("the lock_timeout option is PostgreSQL's")
    engine = make_engine(make_url(db_url).set(password="s3cret-pw").render_as_string(False))
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS observations CASCADE")

    with pytest.raises(BenchlearnError) as raised:
        require_schema(engine)

    assert "s3cret" not in str(raised.value)
    assert "lock_timeout" not in str(raised.value)
    assert ":***@" in str(raised.value)


def test_revision_0007_goes_down_to_0006_and_up_again_keeping_the_stored_secret(
    stored_key: SigningKey, empty_engine: Engine
) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from benchlearn.database import alembic_config, current_revision, head_revision

    with empty_engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0006")
    with empty_engine.connect() as connection:
        left = connection.execute(select(FormSecret.secret)).scalars().all()
        tables = set(inspect(connection).get_table_names())
    back = upgrade(empty_engine)

    assert left == [stored_key.secret]
    assert not tables & {"users", "sessions", "user_tokens", "login_attempts", "audit_log"}
    assert back == current_revision(empty_engine) == head_revision()
