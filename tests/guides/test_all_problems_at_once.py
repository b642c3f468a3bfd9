"""Guide authors (#23 "Truthful guides"): `kiosk guide check` reports every problem of a file in
one run, duplicate keys included; a stray .yaml file gets a message that says what to do."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kiosk.guides.check import check_paths
from kiosk.guides.tree import YMap, parse
from tests.guides.support import BASE, write_bundle

#: BASE with four independent problems: a duplicate key, an unknown placeholder, a step that
#: shows its own field, and an option leading to a step that does not exist.
BROKEN = (
    BASE.replace("duration_minutes: 5\n", "duration_minutes: 5\nduration_minutes: 6\n")
    .replace(
        'text: {nl: "Typ {ean}", en: "Type {ean}"}', 'text: {nl: "Typ {postcod}", en: "Type {ean}"}'
    )
    .replace('text: {nl: "Code?", en: "Code?"}', 'text: {nl: "Code {ean}?", en: "Code?"}')
    .replace("goto: helper}", "goto: helpr}")
)


def test_every_problem_of_a_file_is_reported_in_one_run(tmp_path: Path) -> None:
    """What was seen: "`kiosk guide check` reports unknown placeholders (`{postcod}`) and a step
    using its own field only after every other error is fixed, and a duplicate YAML key hides
    all other problems"."""
    write_bundle(tmp_path / "g", BROKEN)
    result = check_paths([tmp_path / "g"])
    messages = [str(problem) for problem in result.problems]
    text = "\n".join(messages)
    assert "duplicate key 'duration_minutes': it is already on line 8" in text
    assert "placeholder {postcod}: field 'postcod' is never set by any step" in text
    assert "step 'ask-ean': text: placeholder {ean}" in text
    assert "asks for it itself" in text
    assert "no step 'helpr'" in text
    assert len(messages) == 4, messages


def test_each_problem_alone_is_still_found(tmp_path: Path) -> None:
    own_field = BASE.replace(
        'text: {nl: "Code?", en: "Code?"}', 'text: {nl: "Code {ean}?", en: "Code?"}'
    )
    write_bundle(tmp_path / "g", own_field)
    (problem,) = check_paths([tmp_path / "g"]).problems
    assert "show it in a later step" in problem.message


def test_a_duplicate_key_does_not_stop_parsing() -> None:
    found: list[object] = []
    tree = parse("a: 1\nb: 2\na: 3\n", found)  # type: ignore[arg-type]
    assert isinstance(tree, YMap)
    first = tree.get("a")
    assert first is not None
    assert first.value == 1  # type: ignore[union-attr]
    assert len(found) == 1
    assert not isinstance(parse("a: 1\na: 2\n"), YMap)  # without a list: still a syntax problem


def test_a_stray_yaml_file_is_told_what_to_do(kiosk_cmd: list[str], tmp_path: Path) -> None:
    """What was seen: "a stray `.yaml` file gets "not a readable zip bundle"."""
    write_bundle(tmp_path / "g", BASE)
    stray = tmp_path / "meter.yaml"
    stray.write_text(BASE.replace("{ean}", "{postcod}"), encoding="utf-8")
    result = subprocess.run(
        [*kiosk_cmd, "guide", "check", str(stray)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "zip" not in result.stdout
    assert "put this file in its own folder as guide.yaml" in result.stdout
    assert "{postcod}" in result.stdout  # and its text is checked too
    assert "Traceback" not in result.stderr


def test_a_loose_yaml_file_in_a_checked_folder_is_not_skipped(
    kiosk_cmd: list[str], tmp_path: Path
) -> None:
    """Stranger, round 6: `kiosk guide check DIR` ignored a loose `foo.yaml` in DIR."""
    write_bundle(tmp_path / "good", BASE)
    (tmp_path / "foo.yaml").write_text(BASE.replace("{ean}", "{postcod}"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a guide", encoding="utf-8")
    result = check_paths([tmp_path])
    assert result.checked == 2  # the folder's guide and foo.yaml (not notes.txt)
    assert any("foo.yaml" in p.file and "its own folder" in p.message for p in result.problems)
    assert any("{postcod}" in p.message for p in result.problems)
    done = subprocess.run(
        [*kiosk_cmd, "guide", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "foo.yaml" in done.stdout
    assert "put this file in its own folder as guide.yaml" in done.stdout
