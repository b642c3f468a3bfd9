"""Helpers for the guide-publishing tests: guide folders, and signing by hand like an attacker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import Metadata, TargetFile, Targets

from kiosk.publishing import keys
from kiosk.publishing import metadata as md
from kiosk.publishing.hub_client import AdminHub

PASSPHRASE = "correct horse battery"
PASSWORD = "tulip ledger harbour 7"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>'  # noqa: E501


def guide_text(guide_id: str, version: int, word: str = "Welcome") -> str:
    return f"""\
format: 1
id: {guide_id}
version: {version}
category: energy
languages: [nl, en]
title: {{nl: "Titel {version}", en: "{word} {version}"}}
summary: {{nl: "Samenvatting", en: "Summary"}}
icon: images/icon.svg
steps:
  - id: start
    type: info
    image: images/icon.svg
    text: {{nl: "Welkom", en: "{word}"}}
  - id: done
    type: info
    text: {{nl: "Klaar", en: "Done"}}
"""


def write_guide(folder: Path, guide_id: str, version: int, word: str = "Welcome") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "guide.yaml").write_text(guide_text(guide_id, version, word), encoding="utf-8")
    (folder / "images").mkdir(exist_ok=True)
    (folder / "images" / "icon.svg").write_bytes(SVG)
    return folder


def publish_raw(
    hub: AdminHub, keydir: Path, bundles: dict[str, tuple[int, bytes]], *, keep: bool = True
) -> int:
    """Sign and upload bundles as given (hostile ones too), bypassing the admin's checks."""
    state = hub.state()
    _root, current = md.verified_state(
        state["root"], state["targets"], keys.public_key(keydir, "root")
    )
    targets = md.next_targets(current.signed)
    if not keep:
        targets.targets.clear()
    for guide_id, (version, data) in bundles.items():
        target = md.bundle_target(guide_id, version, data)
        targets.targets[target.path] = target
    signer = keys.load_signer(keydir, "targets", PASSPHRASE)
    hub.publish(md.signed_bytes(targets, signer), {f"{g}.zip": d for g, (_, d) in bundles.items()})
    return targets.version


def sign_targets_with(signer: CryptoSigner, targets: Targets) -> bytes:
    metadata: Metadata[Any] = Metadata(targets)
    metadata.sign(signer)
    return metadata.to_bytes()


def with_target(targets: Targets, name: str, data: bytes) -> Targets:
    targets.targets[name] = TargetFile.from_data(name, data, ["sha256"])
    return targets
