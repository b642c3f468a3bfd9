"""The `kiosk` command: parses arguments and hands each subcommand to `kiosk.commands`.

Exit codes: 0 success; 1 a user error, printed as one line that says what is wrong and what to
do; 2 a usage error (argparse). A KioskError never shows a traceback; anything else is a bug and
does. Subcommand modules keep their heavy imports inside their handlers, so `kiosk --help`
stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from kiosk import __version__
from kiosk.errors import KioskError

#: Modules of kiosk.commands, each with `register(subparsers)`, in the order --help lists them.
COMMAND_MODULES = (
    "run",
    "demo",
    "guide",
    "qr",
    "enroll",
    "sync",
    "status",
    "hub",
    "admin",
    "sessions",
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, just that command's module is loaded (faster start-up)."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Kiosk software for public computer rooms and digital help points.",
        epilog="Run 'kiosk COMMAND --help' for the options of one command. "
        "Without a command, 'kiosk' runs the kiosk ('kiosk run').",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    add_common_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if only is None else (only,):
        module = importlib.import_module(f"kiosk.commands.{name}")
        module.register(subparsers)
    return parser


def _first_command(args: list[str]) -> str | None:
    """The command named in `args`; the folder after `--home` is a value, never a command
    (`kiosk --home demo status` runs `status` in the folder `demo`)."""
    commands = set(COMMAND_MODULES)
    after_home = False
    for arg in args:
        if after_home:
            after_home = False
            continue
        if arg == "--home":
            after_home = True
        elif not arg.startswith("-") and arg in commands:
            return arg
    return None


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options every command accepts, before or after the command name."""
    parser.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep config, database and every other file under DIR (default: $KIOSK_HOME, "
        "else the platform's folders)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=argparse.SUPPRESS,
        help="log more (repeat for debug output)",
    )


def _start_logging(command: str | None, verbosity: int, *, file: bool = True) -> None:
    """stderr and the rotating log file of this command (kiosk.logfiles); `file=False`: stderr
    only."""
    from kiosk.logfiles import start_logging
    from kiosk.paths import resolve_paths

    if not file:
        start_logging(None, command, verbosity)
        return
    try:
        log_dir = resolve_paths().log_dir
    except Exception:  # no home folder to be found: stderr only, the command still runs
        logging.getLogger(__name__).debug("no log folder", exc_info=True)
        log_dir = None
    start_logging(log_dir, command, verbosity)


def _use_the_demos_keyring() -> None:
    """In a demo's home (`kiosk demo` without a secure keyring), the token file it keeps."""
    from kiosk.commands.demo import use_demo_keyring
    from kiosk.paths import resolve_paths

    try:
        paths = resolve_paths()
    except Exception:  # no home folder: the command itself says so
        return
    if use_demo_keyring(paths, create=False):
        logging.getLogger(__name__).info("using the demo home's token file %s", paths.data_dir)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = _first_command(args_list)
    if command is None and not {"-h", "--help", "--version"} & set(args_list):
        args_list = ["run", *args_list]
        command = "run"
    parser = build_parser(only=command)
    args = parser.parse_args(args_list)
    home = getattr(args, "home", None)
    if home is not None:
        os.environ["KIOSK_HOME"] = home
    serving = command == "hub" and getattr(args, "hub_command", None) == "serve"
    # `kiosk hub serve` keeps one log, its own `<hub dir>/hub.log` (kiosk.hub.server)
    _start_logging(None if serving else command, getattr(args, "verbose", 0), file=not serving)
    try:
        if command not in (None, "run", "demo", "hub"):
            _use_the_demos_keyring()
        return int(args.handler(args) or 0)
    except KioskError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kiosk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
