"""Each rule of docs/guide-format.md: a broken guide, and a problem naming file, line, step, key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.guides import GuideError, load_guide
from kiosk.guides.errors import Problem
from tests.guides.support import BASE, SVG, line_of, write_bundle

# (case id, replacements in BASE, text on the expected line, step, key, words in the message)
CASES: list[tuple[str, list[tuple[str, str]], str, str | None, str | None, str]] = [
    # rule 1: the YAML parses, every key is known
    (
        "yaml-syntax",
        [("kind: ean", "kind: ean: x")],
        "kind: ean: x",
        None,
        None,
        "YAML syntax error",
    ),
    (
        "unknown-top-key",
        [("version: 2\n", "version: 2\ncolour: red\n")],
        "colour",
        None,
        "colour",
        "unknown key",
    ),
    (
        "unknown-step-key",
        [("kind: ean\n", "kind: ean\n    colour: red\n")],
        "colour",
        "ask-ean",
        "colour",
        "unknown key",
    ),
    (
        "unknown-option-key",
        [("goto: helper}", "goto: helper, size: 3}")],
        "size: 3",
        "pick",
        "size",
        "unknown key",
    ),
    (
        "key-of-other-type",
        [("reason: volunteer", "reason: volunteer\n    url: https://www.example.be/handoff")],
        "/handoff",
        "helper",
        "url",
        "unknown key",
    ),
    (
        "unknown-format",
        [("format: 1", "format: 2")],
        "format: 2",
        None,
        "format",
        "format 1, not 2",
    ),
    (
        "missing-required-top",
        [("category: energy\n", "")],
        "format: 1",
        None,
        "category",
        "missing required key",
    ),
    (
        "missing-required-step",
        [("    field: ean\n", "")],
        "- id: ask-ean",
        "ask-ean",
        "field",
        "missing required key",
    ),
    (
        "missing-step-text",
        [('    text: {nl: "Hulp", en: "Help"}\n', "")],
        "- id: helper",
        "helper",
        "text",
        "missing required key",
    ),
    ("bad-version", [("version: 2", "version: 0")], "version: 0", None, "version", "between 1"),
    (
        "version-not-int",
        [("version: 2", "version: two")],
        "version: two",
        None,
        "version",
        "whole number",
    ),
    (
        "bad-guide-id",
        [("id: sample-guide", "id: Sample_Guide")],
        "Sample_Guide",
        None,
        "id",
        "not a valid guide id",
    ),
    (
        "bad-category",
        [("category: energy", "category: fun")],
        "category: fun",
        None,
        "category",
        "unknown category",
    ),
    (
        "bad-language",
        [("languages: [nl, en]", "languages: [nl, EN]")],
        "languages:",
        None,
        "languages",
        "language code",
    ),
    (
        "duplicate-language",
        [("languages: [nl, en]", "languages: [nl, en, nl]")],
        "languages:",
        None,
        "languages",
        "twice",
    ),
    (
        "bad-duration",
        [("duration_minutes: 5", "duration_minutes: -1")],
        "duration_minutes",
        None,
        "duration_minutes",
        "between",
    ),
    ("bad-step-id", [("- id: site", "- id: S1")], "- id: S1", "S1", "id", "not a valid step id"),
    (
        "bad-step-type",
        [("type: web", "type: website")],
        "type: website",
        "site",
        "type",
        "unknown step type",
    ),
    (
        "bad-input-kind",
        [("kind: ean", "kind: barcode")],
        "kind: barcode",
        "ask-ean",
        "kind",
        "unknown input kind",
    ),
    (
        "bad-field-name",
        [("field: ean", "field: EAN code")],
        "field: EAN code",
        "ask-ean",
        "field",
        "not a valid field name",
    ),
    (
        "unit-on-text-kind",
        [("kind: ean\n", "kind: ean\n    unit: kWh\n")],
        "unit: kWh",
        "ask-ean",
        "unit",
        "only for kinds",
    ),
    (
        "min-above-max",
        [("kind: ean\n", "kind: number\n    min: 10\n    max: 5\n")],
        "max: 5",
        "ask-ean",
        "max",
        "below min",
    ),
    (
        "negative-meter-min",
        [("kind: ean\n", "kind: meter_reading\n    min: -5\n")],
        "min: -5",
        "ask-ean",
        "min",
        "negative",
    ),
    (
        "bad-decimals",
        [("kind: ean\n", "kind: number\n    decimals: 9\n")],
        "decimals: 9",
        "ask-ean",
        "decimals",
        "between 0 and 6",
    ),
    (
        "bad-required",
        [("kind: ean\n", "kind: ean\n    required: maybe\n")],
        "required: maybe",
        "ask-ean",
        "required",
        "true or false",
    ),
    (
        "bad-print",
        [("print: true", "print: please")],
        "print: please",
        "proof",
        "print",
        "true or false",
    ),
    ("empty-show", [("show: [ean]", "show: []")], "show: []", "proof", "show", "at least one"),
    (
        "bad-reason",
        [("reason: volunteer", "reason: doctor")],
        "reason: doctor",
        "helper",
        "reason",
        "unknown handoff reason",
    ),
    (
        "referral-without-to",
        [("reason: volunteer", "reason: referral")],
        "- id: helper",
        "helper",
        "to",
        "needs 'to'",
    ),
    (
        "volunteer-with-to",
        [("reason: volunteer", "reason: volunteer\n    to: ocmw-gent")],
        "to: ocmw-gent",
        "helper",
        "to",
        "only for reason: referral",
    ),
    (
        "bad-service",
        [
            (
                "type: web\n    url: https://www.example.be/meter",
                "type: appointment\n    service: Help Desk",
            )
        ],
        "service: Help",
        "site",
        "service",
        "not a valid service id",
    ),
    (
        "bad-expect",
        [
            ("kind: ean\n", "kind: ean\n"),
            (
                "  - id: site\n",
                "  - id: scan\n    type: qr_scan\n    field: code\n    expect: [url, bitcoin]\n    text: {nl: a, en: a}\n  - id: site\n",  # noqa: E501
            ),
        ],
        "expect:",
        "scan",
        "expect",
        "unknown payload kind",
    ),
    (
        "no-steps",
        [(BASE[BASE.index("steps:") :], "steps: []\n")],
        "steps: []",
        None,
        "steps",
        "at least one step",
    ),
    (
        "no-options",
        [
            (
                '    options:\n      - {label: {nl: "Ja", en: "Yes"}, goto: ask-ean}\n      - {label: {nl: "Nee", en: "No"}, goto: helper}\n',  # noqa: E501
                "    options: []\n",
            )
        ],
        "options: []",
        "pick",
        "options",
        "at least one option",
    ),
    (
        "site-as-url",
        [
            (
                "allowed_sites: [www.example.be]",
                "allowed_sites: [www.example.be, https://evil.example]",
            )
        ],
        "allowed_sites",
        None,
        "allowed_sites",
        "host only",
    ),
    (
        "not-a-map",
        [('title: {nl: "Titel", en: "Title"}', "title: Title")],
        "title: Title",
        None,
        "title",
        "text per language",
    ),
    # rule 2: unique ids, existing targets
    (
        "duplicate-step-id",
        [("- id: site", "- id: ask-ean  # again")],
        "# again",
        "ask-ean",
        "id",
        "used twice",
    ),
    (
        "unknown-goto",
        [("goto: helper", "goto: helpers")],
        "goto: helpers",
        "pick",
        "goto",
        "no step 'helpers'",
    ),
    (
        "unknown-next",
        [("    next: end\n", "    next: finish\n")],
        "next: finish",
        "proof",
        "next",
        "no step 'finish'",
    ),
    ("step-called-end", [("- id: helper", "- id: end")], "- id: end", "end", "id", "reserved"),
    # rule 3: reachability both ways
    (
        "unreachable-step",
        [("goto: helper}", "goto: ask-ean}")],
        "- id: helper",
        "helper",
        None,
        "no path from the first step",
    ),
    (
        "no-way-to-end",
        [("    next: end\n", "    next: site\n")],
        "- id: ask-ean",
        "ask-ean",
        None,
        "reaches the end",
    ),
    # rule 4: every language
    (
        "missing-language",
        [('text: {nl: "Kies", en: "Pick"}', 'text: {nl: "Kies"}')],
        'text: {nl: "Kies"}',
        "pick",
        "text",
        "missing the text in en",
    ),
    (
        "extra-language",
        [('text: {nl: "Klaar", en: "Done"}', 'text: {nl: "Klaar", en: "Done", de: "Fertig"}')],
        "Fertig",
        "proof",
        "text",
        "not in the guide's languages",
    ),
    (
        "missing-language-label",
        [('{label: {nl: "Nee", en: "No"}', '{label: {nl: "Nee"}')],
        'label: {nl: "Nee"}',
        "pick",
        "options.label",
        "missing the text in en",
    ),
    (
        "empty-text",
        [('text: {nl: "Hulp", en: "Help"}', 'text: {nl: "Hulp", en: ""}')],
        'en: ""',
        "helper",
        "text.en",
        "expected a text",
    ),
    # rule 5: pictures exist, stay inside, are small
    (
        "missing-image",
        [("    image: images/icon.svg", "    image: images/nope.svg")],
        "images/nope.svg",
        "start",
        "image",
        "does not exist",
    ),
    (
        "image-outside",
        [("    image: images/icon.svg", "    image: ../secret.svg")],
        "../secret.svg",
        "start",
        "image",
        "inside the bundle",
    ),
    (
        "image-absolute",
        [("    image: images/icon.svg", "    image: /etc/x.svg")],
        "/etc/x.svg",
        "start",
        "image",
        "inside the bundle",
    ),
    (
        "image-backslash",
        [("    image: images/icon.svg", "    image: images\\\\icon.svg")],
        "image: images",
        "start",
        "image",
        "inside the bundle",
    ),
    (
        "image-not-picture",
        [("    image: images/icon.svg", "    image: images/run.sh")],
        "images/run.sh",
        "start",
        "image",
        "PNG, JPEG or SVG",
    ),
    (
        "icon-missing",
        [("icon: images/icon.svg", "icon: images/logo.png")],
        "icon: images/logo.png",
        None,
        "icon",
        "does not exist",
    ),
    # rule 6: web urls
    (
        "http-url",
        [("url: https://www.example.be/meter", "url: http://www.example.be/meter")],
        "url: http:",
        "site",
        "url",
        "https://",
    ),
    (
        "host-not-allowed",
        [("url: https://www.example.be/meter", "url: https://evil.example.com/meter")],
        "url: https://evil",
        "site",
        "url",
        "not listed in allowed_sites",
    ),
    (
        "port-not-allowed",  # the allow-list matches the port too (#25)
        [("url: https://www.example.be/meter", "url: https://www.example.be:8443/meter")],
        "url: https://www.example.be:8443",
        "site",
        "url",
        "'www.example.be:8443' is not listed in allowed_sites",
    ),
    (
        "site-with-a-bad-port",
        [
            (
                "allowed_sites: [www.example.be]",
                "allowed_sites: [www.example.be, www.example.be:99999]",
            )
        ],
        "allowed_sites",
        None,
        "allowed_sites",
        "optionally with a port",
    ),
    (
        "url-with-password",
        [("url: https://www.example.be/meter", "url: https://me:pw@www.example.be/")],
        "url: https://me",
        "site",
        "url",
        "password",
    ),
    # rule 7: placeholders
    (
        "unknown-placeholder",
        [("Type {ean}", "Type {iban}")],
        "Type {iban}",
        "site",
        "text",
        "never set",
    ),
    (
        "placeholder-not-on-every-path",
        [('text: {nl: "Hulp", en: "Help"}', 'text: {nl: "Hulp {ean}", en: "Help {ean}"}')],
        "Hulp {ean}",
        "helper",
        "text",
        "not set on every path",
    ),
    (
        "placeholder-in-own-step",
        [('text: {nl: "Code?", en: "Code?"}', 'text: {nl: "Code {ean}?", en: "Code?"}')],
        "Code {ean}?",
        "ask-ean",
        "text",
        "not set on every path",
    ),
    (
        "placeholder-in-title",
        [('title: {nl: "Titel", en: "Title"}', 'title: {nl: "Titel {ean}", en: "Title"}')],
        "title:",
        None,
        "title",
        "only for step texts",
    ),
    # rule 8: summary fields exist
    (
        "unknown-summary-field",
        [("show: [ean]", "show: [ean, iban]")],
        "show: [ean, iban]",
        "proof",
        "show",
        "no step sets the field 'iban'",
    ),
    # the Markdown subset has no links
    (
        "link-in-text",
        [
            (
                'text: {nl: "Welkom", en: "Welcome"}',
                'text: {nl: "Welkom", en: "See [here](https://x.example)"}',
            )
        ],
        "See [here]",
        "start",
        "text",
        "links are not allowed",
    ),
]


def _broken(tmp_path: Path, replacements: list[tuple[str, str]]) -> tuple[Path, str]:
    text = BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return write_bundle(tmp_path / "bundle", text), text


@pytest.mark.parametrize(
    ("replacements", "needle", "step", "key", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_broken_guide_is_reported_with_file_line_step_and_key(
    tmp_path: Path,
    replacements: list[tuple[str, str]],
    needle: str,
    step: str | None,
    key: str | None,
    words: str,
) -> None:
    folder, text = _broken(tmp_path, replacements)
    with pytest.raises(GuideError) as caught:
        load_guide(folder)
    file = str(folder / "guide.yaml")
    expected_line = line_of(text, needle)
    matching = [p for p in caught.value.problems if words in p.message]
    assert matching, [str(p) for p in caught.value.problems]
    problem = matching[0]
    assert problem.file == file
    assert problem.line == expected_line, str(problem)
    assert problem.step == step, str(problem)
    assert problem.key == key, str(problem)
    rendered = str(problem)
    assert rendered.startswith(f"{file}:{expected_line}: ")
    if step:
        assert f"step '{step}': " in rendered
    else:
        assert "step '" not in rendered


def test_the_base_guide_is_valid(tmp_path: Path) -> None:
    guide = load_guide(write_bundle(tmp_path / "ok"))
    assert guide.id == "sample-guide"
    assert [s.id for s in guide.steps] == ["start", "pick", "ask-ean", "site", "proof", "helper"]


def test_an_allowed_site_may_name_its_port(tmp_path: Path) -> None:
    text = BASE.replace(
        "allowed_sites: [www.example.be]", "allowed_sites: [www.example.be, www.example.be:8443]"
    ).replace("url: https://www.example.be/meter", "url: https://www.example.be:8443/meter")
    guide = load_guide(write_bundle(tmp_path / "port", text))
    assert "www.example.be:8443" in guide.allowed_sites
    # https's own port needs no entry of its own.
    text = BASE.replace("url: https://www.example.be/meter", "url: https://www.example.be:443/m")
    load_guide(write_bundle(tmp_path / "443", text))


def test_all_problems_are_found_at_once(tmp_path: Path) -> None:
    replacements = [
        ("category: energy", "category: fun"),
        ("kind: ean\n", "kind: ean\n    colour: red\n"),
        ('text: {nl: "Kies", en: "Pick"}', 'text: {nl: "Kies"}'),
        ("url: https://www.example.be/meter", "url: http://www.example.be/meter"),
        ("show: [ean]", "show: [ean, iban]"),
        ("    image: images/icon.svg", "    image: images/nope.svg"),
    ]
    folder, _text = _broken(tmp_path, replacements)
    with pytest.raises(GuideError) as caught:
        load_guide(folder)
    messages = "\n".join(str(p) for p in caught.value.problems)
    for words in (
        "unknown category",
        "unknown key 'colour'",
        "missing the text in en",
        "https://",
        "'iban'",
        "does not exist",
    ):
        assert words in messages
    assert len(caught.value.problems) == 6
    lines = [p.line for p in caught.value.problems]
    assert lines == sorted(lines)


def test_picture_of_two_megabytes_is_refused(tmp_path: Path) -> None:
    folder = write_bundle(
        tmp_path / "big",
        BASE,
        {"images/icon.svg": SVG, "images/big.png": b"\0" * (2 * 1024 * 1024)},
    )
    (folder / "guide.yaml").write_text(
        BASE.replace("    image: images/icon.svg", "    image: images/big.png")
    )
    with pytest.raises(GuideError) as caught:
        load_guide(folder)
    (problem,) = caught.value.problems
    assert (problem.step, problem.key, problem.line) == (
        "start",
        "image",
        line_of(BASE, "    image: images/icon.svg"),
    )
    assert "2 MB" in problem.message


def test_picture_linking_outside_the_bundle_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.svg"
    outside.write_bytes(SVG)
    folder = write_bundle(tmp_path / "linked", BASE, {})
    (folder / "images").mkdir()
    (folder / "images" / "icon.svg").symlink_to(outside)
    with pytest.raises(GuideError) as caught:
        load_guide(folder)
    assert {p.key for p in caught.value.problems} == {"icon", "image"}
    assert all("outside the bundle" in p.message for p in caught.value.problems)


def test_guide_error_message_is_one_line_with_a_count(tmp_path: Path) -> None:
    folder, _ = _broken(
        tmp_path, [("category: energy", "category: fun"), ("version: 2", "version: 0")]
    )
    with pytest.raises(GuideError) as caught:
        load_guide(folder)
    assert "\n" not in str(caught.value)
    assert "(and 1 more problems)" in str(caught.value)
    assert isinstance(caught.value.problems[0], Problem)


def test_not_utf8_is_reported(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path / "latin1")
    (folder / "guide.yaml").write_bytes(BASE.replace("Welkom", "Welkom café").encode("latin-1"))
    with pytest.raises(GuideError) as caught:
        load_guide(folder)
    (problem,) = caught.value.problems
    assert problem.line == line_of(BASE, "Welkom")
    assert "UTF-8" in problem.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("- just\n- a list\n", "expected a map"),
        ("a: &x [1]\nb: *x\n", "aliases"),
        ("format: 1\nformat: 1\n", "duplicate key"),
        ("a: !python/object 1\n", "custom YAML tag"),
        ("--- a\n--- b\n", "single document"),
    ],
)
def test_yaml_shapes_a_guide_never_has(tmp_path: Path, text: str, words: str) -> None:
    folder = write_bundle(tmp_path / "odd", text)
    with pytest.raises(GuideError) as caught:
        load_guide(folder)
    assert any(words in p.message for p in caught.value.problems), caught.value.problems
