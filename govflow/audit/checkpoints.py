"""Signed checkpoints of the database-wide log: its length and root hash, signed with Ed25519.

A checkpoint is a JSON statement (keys sorted, no spaces, UTF-8)::

    {"database": ..., "govflow_checkpoint": 1, "length": N, "public_key": ..., "root": ...,
     "signature": ..., "signed_at": "2026-12-01T13:00:00.000000Z"}

``database`` is the log's identity, the hash of its first entry (:data:`GENESIS` while it is
empty); ``root`` is the hash of entry ``length``; ``public_key`` (hex, raw 32 bytes) says which
key signed; ``signature`` (hex) signs the statement's other fields in canonical JSON. The private
key stays outside the database (:func:`new_signing_key` writes it to a 0600 file); verifying
needs only the public key, which the verifier must hold on its own: the one inside the statement
is only compared with it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govflow.audit.log_check import chain_break
from govflow.dates import timestamp
from govflow.errors import AlreadyExists, InvalidInput, Remedy
from govflow.store import ledger, tables
from govflow.store.hashing import GENESIS, ChainBreak
from govflow.store.ledger import Entry, entries
from govflow.store.session import Store

if TYPE_CHECKING:  # cryptography loads on first use: `proposal show` and the like never sign
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

FORMAT = 1
CHECKPOINT = "the checkpoint"
"""How a break found against a checkpoint names where it is (its ``seq`` is a log position)."""


@dataclass(frozen=True)
class KeyPair:
    """A new signing key: where its private half was written, and its public half."""

    key_file: Path
    public_key_file: Path
    public_key: str  # PEM


def new_signing_key(key_file: str | os.PathLike[str]) -> KeyPair:
    """Write a new Ed25519 private key to ``key_file`` (mode 0600, never overwritten) and its
    public key to ``key_file`` + ``.pub``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = Path(key_file)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )  # fmt: skip
    public = _public_pem(private.public_key())
    public_file = path.with_name(path.name + ".pub")
    made: list[Path] = []
    try:  # both files or neither: a half-written pair is removed
        for file, data, mode in ((path, pem, 0o600), (public_file, public.encode(), 0o644)):
            _write_new(file, data, mode)
            made.append(file)
    except BaseException:
        for file in made:
            file.unlink(missing_ok=True)
        raise
    return KeyPair(path, public_file, public)


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """``data`` in a new file (never over an existing one); a file left half-written by a
    failed write is removed."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise AlreadyExists(
            f"{path} exists; choose another file (a key is never overwritten)"
        ) from None
    except OSError as exc:
        raise InvalidInput(f"cannot write the key to {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write the key to {path}: {exc.strerror}") from None


def _public_pem(key: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def _raw(key: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def load_private_key(key_file: str | os.PathLike[str]) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from govflow.limits import KEY_BYTES, read_bytes

    pem = read_bytes(key_file, KEY_BYTES, "an Ed25519 private key")
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise InvalidInput(f"cannot read an Ed25519 private key from {key_file}: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(f"{key_file} holds a key that is not Ed25519")
    return key


def load_public_key(text: str | bytes) -> Ed25519PublicKey:
    """A public key from its PEM, or from its 64 hex digits (the statement's form)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    data = text.encode("ascii", "replace") if isinstance(text, str) else text
    try:
        if data.strip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(data)
        else:
            key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(data.decode().strip()))
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"not an Ed25519 public key (PEM or 64 hex digits): {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput("the public key is not Ed25519")
    return key


def signed_bytes(statement: dict[str, Any]) -> bytes:
    """What the signature covers: every field but ``signature``, in canonical JSON."""
    content = {k: v for k, v in statement.items() if k != "signature"}
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def parse(text: str) -> dict[str, Any]:
    """A checkpoint statement read back, its fields checked for type (not yet its signature)."""
    try:
        statement = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"not a govflow checkpoint (not JSON: {exc})") from None
    kinds = {"govflow_checkpoint": int, "database": str, "length": int, "root": str,
             "signed_at": str, "public_key": str, "signature": str}  # fmt: skip
    if not isinstance(statement, dict) or any(
        not isinstance(statement.get(k), t) for k, t in kinds.items()
    ):
        raise InvalidInput(f"not a govflow checkpoint: it needs the fields {', '.join(kinds)}")
    if statement["govflow_checkpoint"] != FORMAT:
        raise InvalidInput(f"checkpoint format {statement['govflow_checkpoint']} is not known")
    return statement


def signature_break(statement: dict[str, Any], public_key: Ed25519PublicKey) -> ChainBreak | None:
    """Whether ``public_key`` signed ``statement`` as it is."""
    from cryptography.exceptions import InvalidSignature

    if statement["public_key"] != _raw(public_key):
        return ChainBreak(CHECKPOINT, statement["length"], "it was signed by another key")
    try:
        public_key.verify(bytes.fromhex(statement["signature"]), signed_bytes(statement))
    except (InvalidSignature, ValueError):
        return ChainBreak(CHECKPOINT, statement["length"], "its signature does not verify")
    return None


class Checkpoints:
    """Signing the log's head, and checking the database against a signed checkpoint."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def checkpoint(self, key: str | os.PathLike[str]) -> str:
        """Sign the log's length and root hash with the private key in ``key``, keep the
        statement in the database, and return it (JSON text)."""
        private = load_private_key(key)
        with self._store.write() as conn:
            listed = list(entries(conn))
            broken, length, root = chain_break(listed)
            if broken is not None:
                raise InvalidInput(
                    f"the log is broken at entry {broken.seq} ({broken.reason}); not signing it",
                    remedy=Remedy("verify"),
                )
            signed_at = tables.utcnow()
            statement: dict[str, Any] = {
                "govflow_checkpoint": FORMAT, "database": listed[0].hash if listed else GENESIS,
                "length": length, "root": root, "signed_at": timestamp(signed_at),
                "public_key": _raw(private.public_key()),
            }  # fmt: skip
            statement["signature"] = private.sign(signed_bytes(statement)).hex()
            text = json.dumps(statement, sort_keys=True, separators=(",", ":"))
            ledger.keep_checkpoint(conn, length, root, signed_at, text)
        return text

    def latest_checkpoint(self) -> str | None:
        """The statement of the last checkpoint kept in the database, or None."""
        with self._store.read() as conn:
            return ledger.latest_checkpoint(conn)

    def signed_log(self) -> tuple[dict[str, Any] | None, list[Entry]]:
        """The latest checkpoint (parsed) and the log entries it covers: what an export carries."""
        latest = self.latest_checkpoint()
        if latest is None:
            return None, []
        statement = parse(latest)
        with self._store.read() as conn:
            return statement, list(entries(conn, upto=statement["length"]))

    def verify_checkpoint(self, statement: str, public_key: str | bytes) -> list[ChainBreak]:
        """Check ``statement``'s signature against ``public_key`` (PEM or hex), then that the
        database's log still starts with the log it signed; the breaks found (none: it does)."""
        signed = parse(statement)
        broken = signature_break(signed, load_public_key(public_key))
        if broken is not None:
            return [broken]
        length = signed["length"]
        with self._store.read() as conn:
            listed = list(entries(conn, upto=length))
        return prefix_breaks(signed, listed)


def prefix_breaks(signed: dict[str, Any], listed: list[Any]) -> list[ChainBreak]:
    """Whether the log entries ``listed`` (positions 1..) still end, at the checkpoint's
    length, in its root hash: the log it signed, unchanged since."""
    length = signed["length"]
    broken, reached, root = chain_break(listed)
    if broken is not None:
        return [broken]
    if reached < length:
        return [ChainBreak(CHECKPOINT, reached + 1, f"the log has {reached} entries; the "
                           f"checkpoint signed {length}: it was cut short")]  # fmt: skip
    identity = listed[0].hash if listed else GENESIS
    if length and identity != signed["database"]:
        return [ChainBreak(CHECKPOINT, 1, "the log's first entry is not the one signed: another "
                           "database, or the log was rewritten from its start")]  # fmt: skip
    if root != signed["root"]:
        why = f"the log's entry {length} is not the one signed: rewritten (and rehashed) since"
        return [ChainBreak(CHECKPOINT, length, why)]
    return []
