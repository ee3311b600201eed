"""Tokens for ``govflow serve`` in the library and on the command line: made once, kept as a
hash, listed without the secret, revoked for good; and the reading setting."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from typer.testing import Result

from govflow.errors import AlreadyExists, InvalidInput, NotFound
from govflow.records.tokens import secret_hash
from govflow.service import Govflow


def test_a_token_is_made_once_and_found_by_its_secret(gf: Govflow) -> None:
    made = gf.add_token("CSC secretariat", role="secretariat")
    assert made.secret.startswith("gft_") and len(made.secret) == 47
    assert made.token.hint == made.secret[:8]
    found = gf.authenticate(made.secret)
    assert found is not None and (found.name, found.role) == ("CSC secretariat", "secretariat")
    assert gf.authenticate(made.secret + "x") is None
    assert gf.authenticate(secret_hash(made.secret)) is None  # the stored hash is no key
    other = gf.add_token("Panel", role="reader")
    assert other.secret != made.secret


@pytest.mark.parametrize(("name", "role", "error"), [
    ("", "reader", "token name ''"),
    ("-x", "reader", "starting with a letter or digit"),
    ("a" * 65, "reader", "1 to 64"),
    ("ok", "secretary", "no role 'secretary' (did you mean 'secretariat'?)"),
])  # fmt: skip
def test_a_bad_name_or_role_is_refused(gf: Govflow, name: str, role: str, error: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(error)):
        gf.add_token(name, role=role)
    assert gf.tokens() == []


def test_a_name_stays_taken_after_revoking(gf: Govflow) -> None:
    made = gf.add_token("ana", role="admin")
    revoked = gf.revoke_token("ana")
    assert revoked.revoked_at is not None
    assert gf.revoke_token("ana").revoked_at == revoked.revoked_at  # twice changes nothing
    found = gf.authenticate(made.secret)
    assert found is not None and found.revoked_at is not None
    with pytest.raises(AlreadyExists, match="names stay with the events"):
        gf.add_token("ana", role="reader")
    with pytest.raises(NotFound, match="no token named 'anna' \\(did you mean 'ana'\\?\\)"):
        gf.revoke_token("anna")


def test_reading_is_public_until_set(gf: Govflow) -> None:
    assert gf.reading() == "public"
    assert gf.set_reading("token") == "token"
    assert gf.reading() == "token"
    gf.set_reading("public")
    assert gf.reading() == "public"
    with pytest.raises(InvalidInput, match="public, token"):
        gf.set_reading("private")


def test_the_cli_prints_the_secret_once_and_lists_without_it(
    cli: Callable[..., Result], gf: Govflow
) -> None:
    added = cli("token", "add", "CSC secretariat", "--role", "secretariat")
    assert added.exit_code == 0, added.output
    secret = added.stdout.strip()
    assert secret.startswith("gft_")
    assert "shown this once" in added.stderr
    assert gf.authenticate(secret) is not None
    listed = cli("token", "list")
    assert listed.exit_code == 0
    assert "CSC secretariat\tsecretariat\t" + secret[:8] + "..." in listed.stdout
    assert secret not in listed.stdout
    as_json = cli("token", "list", "--json")
    assert secret not in as_json.stdout and '"hint"' in as_json.stdout
    revoked = cli("token", "revoke", "CSC secretariat")
    assert (revoked.exit_code, revoked.stdout) == (0, "token 'CSC secretariat' revoked\n")
    assert cli("token", "revoke", "nobody").exit_code == 1
    assert cli("token", "add", "x", "--role", "boss").exit_code == 1


def test_the_cli_shows_and_sets_reading(cli: Callable[..., Result], gf: Govflow) -> None:
    assert cli("token", "reading").stdout == "public\n"
    assert cli("token", "reading", "token").stdout == "reading: token\n"
    assert gf.reading() == "token"
    assert cli("token", "reading", "private").exit_code == 2
