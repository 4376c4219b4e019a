"""Signing the manifest: an in-toto Statement in a DSSE envelope, signed with ed25519.

Works fully offline. `keygen` writes a PEM key pair; the envelope's `keyid` is the sha256 of
the raw public key, so a verifier can tell a wrong key from a tampered manifest.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from provenance.errors import UserError

PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://provenance.invalid/release-manifest/v1"


def keygen(out: str | Path, name: str = "release") -> tuple[Path, Path]:
    """Write `<name>.key` (private, PKCS#8 PEM, mode 600) and `<name>.pub` into a folder."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    private_path, public_path = folder / f"{name}.key", folder / f"{name}.pub"
    for path in (private_path, public_path):
        if path.exists():
            raise UserError(f"{path}: already exists; choose another folder or name")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(private_pem)
    public_path.write_bytes(public_pem)
    return private_path, public_path


def load_private_key(path: str | Path) -> Ed25519PrivateKey:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UserError(f"{path}: cannot read the signing key ({error.strerror})") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise UserError(f"{path}: not a PEM private key without password ({error})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise UserError(f"{path}: not an ed25519 key; create one with `provenance keygen`")
    return key


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UserError(f"{path}: cannot read the public key ({error.strerror})") from None
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as error:
        raise UserError(f"{path}: not a PEM public key ({error})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise UserError(f"{path}: not an ed25519 public key")
    return key


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def _pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE pre-authentication encoding."""
    kind = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


def sign_manifest(manifest_bytes: bytes, private_key: Ed25519PrivateKey, predicate: dict) -> bytes:
    """A DSSE envelope whose in-toto Statement has the manifest as its subject."""
    statement = {
        "_type": STATEMENT_TYPE,
        "subject": [
            {
                "name": "manifest.json",
                "digest": {"sha256": hashlib.sha256(manifest_bytes).hexdigest()},
            }
        ],
        "predicateType": PREDICATE_TYPE,
        "predicate": predicate,
    }
    payload = json.dumps(statement, sort_keys=True, separators=(",", ":")).encode()
    signature = private_key.sign(_pae(PAYLOAD_TYPE, payload))
    envelope = {
        "payloadType": PAYLOAD_TYPE,
        "payload": base64.b64encode(payload).decode(),
        "signatures": [
            {"keyid": key_id(private_key.public_key()), "sig": base64.b64encode(signature).decode()}
        ],
    }
    return (json.dumps(envelope, indent=2, sort_keys=True) + "\n").encode()


def verify_envelope(
    envelope_bytes: bytes, manifest_bytes: bytes, public_key: Ed25519PublicKey
) -> list[str]:
    """Problems with a signature envelope (empty when it is valid for this manifest and key)."""
    try:
        envelope: dict[str, Any] = json.loads(envelope_bytes)
        payload = base64.b64decode(envelope["payload"], validate=True)
        signatures = envelope["signatures"]
    except (ValueError, KeyError, TypeError):
        return ["manifest.sig: not a DSSE envelope"]
    if envelope.get("payloadType") != PAYLOAD_TYPE:
        return [
            f"manifest.sig: payload type {envelope.get('payloadType')!r}, expected {PAYLOAD_TYPE}"
        ]
    expected_id = key_id(public_key)
    matching = [s for s in signatures if isinstance(s, dict) and s.get("keyid") == expected_id]
    if not matching:
        return ["manifest.sig: not signed by this key (key id differs); wrong public key?"]
    try:
        public_key.verify(base64.b64decode(matching[0]["sig"]), _pae(PAYLOAD_TYPE, payload))
    except (InvalidSignature, ValueError, KeyError):
        return ["manifest.sig: the signature does not verify with this key"]
    try:
        statement = json.loads(payload)
        digest = statement["subject"][0]["digest"]["sha256"]
    except (ValueError, KeyError, IndexError, TypeError):
        return ["manifest.sig: the signed statement has no manifest digest"]
    if digest != hashlib.sha256(manifest_bytes).hexdigest():
        return [
            "manifest.sig: signed for a different manifest.json (manifest changed after signing)"
        ]
    return []
