"""The subcommands of `kiosk`, one module per command group.

Each module has `register(subparsers)`, which adds its parser(s) with `add_command()` and sets
`handler` to a function taking the parsed arguments and returning an exit code. Handlers import
what they need inside themselves, so that building the parser stays cheap. A handler raises
KioskError (or a subclass) for a user error; kiosk.cli prints it as one line and exits 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.paths import KioskPaths

Handler = Callable[[argparse.Namespace], int]
#: What `register(subparsers)` gets: the result of `ArgumentParser.add_subparsers()`.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_command(
    subparsers: Subparsers,
    name: str,
    help_text: str,
    handler: Handler | None = None,
    *,
    epilog: str | None = None,
    formatter_class: type[argparse.HelpFormatter] = argparse.HelpFormatter,
) -> argparse.ArgumentParser:
    from kiosk.cli import add_common_options

    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=epilog,
        formatter_class=formatter_class,
    )
    add_common_options(parser)
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser


def needs_subcommand(parser: argparse.ArgumentParser) -> Handler:
    """A handler for a command group called without its subcommand: show usage, exit 2."""

    def handler(_args: argparse.Namespace) -> int:
        parser.print_usage()
        print(f"{parser.prog}: error: choose a subcommand (see '{parser.prog} --help')")
        return 2

    return handler


def not_yet(issue: int, what: str) -> Handler:
    """A handler for a command of the contract that a later issue delivers."""

    def handler(_args: argparse.Namespace) -> int:
        from kiosk.errors import KioskError

        raise KioskError(
            f"'{what}' is not available in this version yet (planned in issue #{issue})"
        )

    return handler


def load_settings_for(args: argparse.Namespace) -> tuple[KioskPaths, Settings]:
    """The kiosk's paths and settings for a command (honours --home and --config)."""
    from pathlib import Path

    from kiosk.config import load_settings
    from kiosk.paths import resolve_paths

    paths = resolve_paths(getattr(args, "home", None))
    config = getattr(args, "config", None)
    config_file = Path(config) if config else paths.config_file
    if config and not config_file.exists():
        from kiosk.errors import ConfigError

        raise ConfigError(f"{config_file}: no such config file; check the --config path")
    return paths, load_settings(config_file)
