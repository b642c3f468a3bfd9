"""`kiosk qr decode IMAGE... [--json]`: decode and explain every code in images and PDFs.

Prints, per image, what the result screen would say; with `--json` a JSON array with one object
per image: `{"image", "codes": [{"format", "text", "kind", "details", "warnings"}], "error"}`.
Exits 0 when every image was read and held at least one code, 1 otherwise.
"""

from __future__ import annotations

import argparse

from kiosk.commands import Subparsers, add_command, needs_subcommand
from kiosk.domain.jsontypes import JsonObject


def register(subparsers: Subparsers) -> None:
    group = add_command(subparsers, "qr", "read QR codes and payment codes from images and PDFs")
    sub = group.add_subparsers(dest="qr_command", metavar="SUBCOMMAND")
    group.set_defaults(handler=needs_subcommand(group))
    decode = add_command(
        sub,
        "decode",
        "decode and explain every code in images (PNG, JPEG, WebP) and PDF pages",
        _decode,
        epilog="Exit status: 0 when every image was read and held at least one code, 1 otherwise.",
    )
    decode.add_argument("images", nargs="+", metavar="IMAGE", help="an image or PDF file")
    decode.add_argument(
        "--json",
        action="store_true",
        help='print a JSON array: [{"image", "codes": [{"format", "text", "kind", "details", '
        '"warnings"}], "error"}]',
    )


def _decode(args: argparse.Namespace) -> int:
    import json
    import sys

    from kiosk.commands import load_settings_for
    from kiosk.domain.hidden_chars import hidden_in, show_hidden
    from kiosk.i18n import _, set_country, set_language
    from kiosk.qr.decode import read_file
    from kiosk.qr.errors import QrError
    from kiosk.qr.explain import explain
    from kiosk.qr.lists import load_url_lists

    paths, settings = load_settings_for(args)
    country = settings.location.country
    set_country(country)  # nl_NL words ("betalingskenmerk") at a Dutch location
    set_language(settings.session.default_language)
    lists = load_url_lists(paths.config_dir)

    results: list[JsonObject] = []
    all_ok = True
    for image in args.images:
        try:
            codes = read_file(image, lists)
            error: str | None = None
        except QrError as exc:
            codes, error = [], str(exc)
        all_ok = all_ok and error is None and bool(codes)
        if args.json:
            results.append(
                {"image": image, "codes": [code.to_json() for code in codes], "error": error}
            )
            continue
        if error is not None:
            print(f"kiosk: {error}", file=sys.stderr)
            continue
        print(f"{image}:")
        if not codes:
            print("  " + _("No code was found in this image."))
        for code in codes:
            explanation = explain(code.payload, country=country)
            # what the code holds, never raw: a U+202E or an escape sequence in it would act
            # on this terminal and hide what it really says (shown as <U+202E>, and a warning)
            print(f"  {show_hidden(explanation.summary, keep_lines=True)}")
            hidden = hidden_in(code.text)
            if hidden:
                print("  ! " + _("This code holds characters you cannot see."))
                print(
                    "    "
                    + _(
                        "They can make its text look different from what it is ({chars}, "
                        "shown as <U+...>). Do not trust it; ask a volunteer."
                    ).format(chars=", ".join(hidden))
                )
            for warning in explanation.warnings:
                # the headline and its advice on lines of their own: no colon to typeset
                print(f"  ! {show_hidden(warning.title)}")
                print(f"    {show_hidden(warning.advice)}")
    if args.json:
        # JSON keeps the text exact; hidden characters are written as \\u escapes, so a
        # terminal shows them instead of obeying them
        text = json.dumps(results, ensure_ascii=False, indent=2)
        sys.stdout.write(_json_escape_hidden(text) + "\n")
    return 0 if all_ok else 1


def _json_escape_hidden(text: str) -> str:
    """JSON text with every hidden character (kiosk.domain.hidden_chars) as a \\uXXXX escape;
    the layout's own line breaks stay (inside strings json.dumps has escaped them already)."""
    import json

    from kiosk.domain.names import refused_reason

    return "".join(
        json.dumps(c)[1:-1] if c != "\n" and refused_reason(c) is not None else c for c in text
    )
