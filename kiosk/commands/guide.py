"""`kiosk guide`: check, preview and describe task guides (docs/guide-format.md)."""

from __future__ import annotations

import argparse

from kiosk.commands import Subparsers, add_command, needs_subcommand


def _check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.guides.check import check_paths

    result = check_paths(Path(p) for p in args.paths)
    for problem in result.problems:
        print(problem)
    if args.lint:
        from kiosk.guides.lint import lint_paths

        warnings = list(lint_paths(Path(p) for p in args.paths))
        for warning in warnings:
            print(warning)
        if warnings:
            print(f"{len(warnings)} plain-language warning{'s' if len(warnings) != 1 else ''}")
    if result.ok:
        count = len(result.guides)
        print(f"ok: {count} guide{'s' if count != 1 else ''}")
        return 0
    bad = result.checked - len(result.guides)
    print(f"failed: {len(result.problems)} problems in {bad} of {result.checked} guides")
    return 1


def _schema(args: argparse.Namespace) -> int:
    import json

    from kiosk.guides.schema import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def _preview(args: argparse.Namespace) -> int:
    import importlib
    from pathlib import Path

    from kiosk.errors import KioskError

    try:
        preview = importlib.import_module("kiosk.ui.preview")
    except ImportError as exc:
        if exc.name not in ("kiosk.ui.preview", "kiosk.ui"):
            raise
        raise KioskError(
            "guide preview is not available yet in this version; use 'kiosk guide check'"
        ) from None
    return int(preview.main(Path(args.path)) or 0)


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "guide", "check, preview and describe task guides")
    parser.set_defaults(handler=needs_subcommand(parser))
    inner = parser.add_subparsers(dest="guide_command", metavar="SUBCOMMAND")
    check = add_command(
        inner,
        "check",
        "check guide folders, guide.yaml files or zipped bundles; "
        "print FILE:LINE: problems, exit 1 when any",
        _check,
    )
    check.add_argument(
        "paths", nargs="+", metavar="PATH", help="a guide folder, a zip, or a folder of guides"
    )
    check.add_argument(
        "--lint",
        action="store_true",
        help="also warn about long sentences, long words and long steps without a picture "
        "(warnings only; the exit code does not change)",
    )
    preview = add_command(inner, "preview", "show one guide in a window; reload on save", _preview)
    preview.add_argument("path", metavar="PATH", help="the guide folder")
    add_command(inner, "schema", "print the JSON Schema of guide.yaml (for editors)", _schema)
