"""The admin's offline keys: Ed25519 for the TUF root and targets roles, in one key folder.

    KEYDIR/root.pem       the root key, PKCS#8 PEM encrypted with the passphrase
    KEYDIR/targets.pem    the targets key, encrypted with the same passphrase
    KEYDIR/public.json    both public keys, so fingerprints can be shown without the passphrase

A key's fingerprint is its TUF key id (the SHA-256 of its canonical public key), which is also
what a kiosk shows for the root it pinned (`kiosk status`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.signer import CryptoSigner, Key, SSlibKey

from kiosk.publishing.errors import AdminError

ROLES = ("root", "targets")
PUBLIC_FILE = "public.json"
MIN_PASSPHRASE = 8


def format_fingerprint(keyid: str) -> str:
    """A key id in groups of eight hex digits, easy to compare by eye."""
    return " ".join(keyid[i : i + 8] for i in range(0, len(keyid), 8))


def _write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as sink:
        sink.write(data)
        sink.flush()
        os.fsync(sink.fileno())


def _pem(private: Ed25519PrivateKey, passphrase: str) -> bytes:
    return private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )


def write_key(folder: Path, role: str, passphrase: str) -> SSlibKey:
    """Make a new encrypted key file `role.pem` in `folder`; returns its public key."""
    private = Ed25519PrivateKey.generate()
    _write_private(folder / f"{role}.pem", _pem(private, passphrase))
    public = SSlibKey.from_crypto(private.public_key())
    _save_public(folder, role, public)
    return public


def _save_public(folder: Path, role: str, key: Key) -> None:
    file = folder / PUBLIC_FILE
    data = json.loads(file.read_text(encoding="utf-8")) if file.exists() else {}
    data[role] = {"keyid": key.keyid, **key.to_dict()}
    temporary = file.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, file)


def keygen(folder: Path, passphrase: str) -> dict[str, SSlibKey]:
    """The root and targets keys in the new (or empty) folder `folder`."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise AdminError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    if folder.exists() and any(folder.iterdir()):
        raise AdminError(f"{folder} is not empty; keygen never overwrites keys")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return {role: write_key(folder, role, passphrase) for role in ROLES}


def public_key(folder: Path, role: str) -> SSlibKey:
    """The public key of `role` from the key folder."""
    try:
        data = json.loads((folder / PUBLIC_FILE).read_text(encoding="utf-8"))[role]
    except (OSError, ValueError, KeyError):
        raise AdminError(
            f"{folder} holds no {role} key; use the folder made by 'kiosk admin keygen'"
        ) from None
    keyid = data.pop("keyid")
    key = SSlibKey.from_dict(keyid, data)
    return key


def load_signer(folder: Path, role: str, passphrase: str) -> CryptoSigner:
    """A signer for the `role` key in `folder`, decrypted with `passphrase`."""
    try:
        pem = (folder / f"{role}.pem").read_bytes()
    except OSError:
        raise AdminError(f"{folder / (role + '.pem')} cannot be read; check --keys") from None
    try:
        private = serialization.load_pem_private_key(pem, passphrase.encode())
    except (ValueError, TypeError):
        raise AdminError(f"wrong passphrase for the {role} key in {folder}") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise AdminError(f"the {role} key in {folder} is not an Ed25519 key")
    return CryptoSigner(private, SSlibKey.from_crypto(private.public_key()))


def replace_key(folder: Path, role: str, passphrase: str) -> SSlibKey:
    """Rotate `role`: keep the old key file as `role.N.old.pem`, make a new one."""
    current = folder / f"{role}.pem"
    number = 1
    while (folder / f"{role}.{number}.old.pem").exists():
        number += 1
    if current.exists():
        os.replace(current, folder / f"{role}.{number}.old.pem")
    return write_key(folder, role, passphrase)
