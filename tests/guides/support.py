"""A small valid guide to break in tests, and helpers to write bundles."""

from __future__ import annotations

import zipfile
from pathlib import Path

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>'  # noqa: E501

BASE = """\
format: 1
id: sample-guide
version: 2
category: energy
languages: [nl, en]
title: {nl: "Titel", en: "Title"}
summary: {nl: "Samenvatting", en: "Summary"}
duration_minutes: 5
icon: images/icon.svg
allowed_sites: [www.example.be]
steps:
  - id: start
    type: info
    image: images/icon.svg
    alt: {nl: "Een icoon", en: "An icon"}
    text: {nl: "Welkom", en: "Welcome"}
  - id: pick
    type: choice
    text: {nl: "Kies", en: "Pick"}
    options:
      - {label: {nl: "Ja", en: "Yes"}, goto: ask-ean}
      - {label: {nl: "Nee", en: "No"}, goto: helper}
  - id: ask-ean
    type: input
    field: ean
    kind: ean
    text: {nl: "Code?", en: "Code?"}
  - id: site
    type: web
    url: https://www.example.be/meter
    text: {nl: "Typ {ean}", en: "Type {ean}"}
  - id: proof
    type: summary
    show: [ean]
    print: true
    qr: true
    next: end
    text: {nl: "Klaar", en: "Done"}
  - id: helper
    type: handoff
    reason: volunteer
    text: {nl: "Hulp", en: "Help"}
"""


def write_bundle(folder: Path, text: str = BASE, images: dict[str, bytes] | None = None) -> Path:
    """A bundle folder with guide.yaml `text` and images (default: images/icon.svg)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "guide.yaml").write_text(text, encoding="utf-8")
    for name, data in (images if images is not None else {"images/icon.svg": SVG}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line of `text` containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]
