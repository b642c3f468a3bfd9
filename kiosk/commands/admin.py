"""`kiosk admin`: guide signing keys and publishing guides to a hub (issue #7).

    kiosk admin keygen --dir KEYDIR [--passphrase-file F]
    kiosk admin login HUB_URL --user EMAIL [--password-file F]
    kiosk admin logout HUB_URL
    kiosk admin init-repo --keys KEYDIR --hub URL [--passphrase-file F]
    kiosk admin publish GUIDE_DIR... --keys KEYDIR --hub URL [--passphrase-file F]
    kiosk admin retire GUIDE_ID... --keys KEYDIR --hub URL [--passphrase-file F]
    kiosk admin rotate targets|online --keys KEYDIR --hub URL [--passphrase-file F]

Every secret can come from a file (first line), so all of it runs without a terminal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.commands import Subparsers, add_command, needs_subcommand

if TYPE_CHECKING:
    from collections.abc import Callable

    from kiosk.publishing.hub_client import AdminHub


def _secret(path: str | None, prompt: str, confirm: bool = False) -> str:
    from kiosk.publishing.errors import AdminError

    if path:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise AdminError(f"cannot read {path}: {exc.strerror}") from None
        if not lines or not lines[0]:
            raise AdminError(f"{path}: the first line must hold the secret")
        return lines[0]
    if not sys.stdin.isatty():
        raise AdminError("no terminal to ask for the secret; use --passphrase-file/--password-file")
    import getpass

    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != first:
        raise AdminError("the two entries differ; nothing was done")
    return first


def _say(line: str) -> None:
    print(line, flush=True)


def _keygen(args: argparse.Namespace) -> int:
    from kiosk.publishing import keys

    passphrase = _secret(args.passphrase_file, "Passphrase for the new keys: ", confirm=True)
    made = keys.keygen(Path(args.dir), passphrase)
    print(f"keys written to {args.dir} (encrypted with your passphrase; keep it offline)")
    print(f"targets key fingerprint: {keys.format_fingerprint(made['targets'].keyid)}")
    print(f"root key fingerprint: {keys.format_fingerprint(made['root'].keyid)}")
    return 0


def _login(args: argparse.Namespace) -> int:
    from kiosk.publishing.hub_client import login

    password = _secret(args.password_file, f"Password for {args.user}: ")
    expires = login(args.hub_url, args.user, password)
    print(f"logged in to {args.hub_url}; the admin token is in the keyring until {expires}")
    return 0


def _logout(args: argparse.Namespace) -> int:
    from kiosk.publishing.hub_client import AdminHub

    hub = AdminHub(args.hub_url)
    try:
        hub.logout()
    finally:
        hub.close()
    print(f"logged out of {args.hub_url}; the admin token is revoked")
    return 0


def _with_hub(args: argparse.Namespace, work: Callable[[AdminHub, Path, str], int]) -> int:
    from kiosk.publishing.hub_client import AdminHub

    hub = AdminHub(args.hub)
    try:
        passphrase = _secret(args.passphrase_file, "Passphrase of the keys: ")
        return int(work(hub, Path(args.keys), passphrase))
    finally:
        hub.close()


def _init_repo(args: argparse.Namespace) -> int:
    from kiosk.publishing import keys
    from kiosk.publishing.publish import init_repo

    def work(hub: AdminHub, keydir: Path, passphrase: str) -> int:
        summary = init_repo(hub, keydir, passphrase, _say)
        fingerprint = keys.format_fingerprint(keys.public_key(keydir, "root").keyid)
        print(f"guide repository created on {hub.url} (root v{summary['root_version']})")
        print(f"root key fingerprint: {fingerprint}")
        return 0

    return _with_hub(args, work)


def _publish(args: argparse.Namespace) -> int:
    from kiosk.publishing.publish import GuideCheckFailed, check_guides, publish

    folders = [Path(p) for p in args.guides]
    try:
        check_guides(folders)  # before any passphrase or network: fail fast, publish nothing
    except GuideCheckFailed as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        raise

    def work(hub: AdminHub, keydir: Path, passphrase: str) -> int:
        result = publish(hub, keydir, passphrase, folders, _say)
        print(f"published (targets v{result.targets_version}):")
        for guide_id, version in result.guides:
            print(f"  {guide_id} v{version}")
        return 0

    return _with_hub(args, work)


def _retire(args: argparse.Namespace) -> int:
    from kiosk.publishing.publish import retire

    def work(hub: AdminHub, keydir: Path, passphrase: str) -> int:
        result = retire(hub, keydir, passphrase, args.guide_ids, _say)
        print(f"retired (targets v{result.targets_version}): {', '.join(result.retired)}")
        return 0

    return _with_hub(args, work)


def _rotate(args: argparse.Namespace) -> int:
    from kiosk.publishing.publish import rotate

    def work(hub: AdminHub, keydir: Path, passphrase: str) -> int:
        version = rotate(hub, keydir, passphrase, args.what, _say)
        print(f"rotated the {args.what} key(s); the hub now serves root v{version}")
        return 0

    return _with_hub(args, work)


def _hub_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--keys", required=True, metavar="KEYDIR", help="the key folder")
    parser.add_argument("--hub", required=True, metavar="URL", help="the hub's address")
    parser.add_argument("--passphrase-file", metavar="F", help="read the passphrase from F")


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "admin", "guide signing keys and publishing to a hub")
    parser.set_defaults(handler=needs_subcommand(parser))
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    keygen = add_command(commands, "keygen", "make the offline root and targets keys", _keygen)
    keygen.add_argument("--dir", required=True, metavar="KEYDIR", help="a new, empty folder")
    keygen.add_argument("--passphrase-file", metavar="F", help="read the passphrase from F")

    login = add_command(commands, "login", "get a revocable admin token from a hub", _login)
    login.add_argument("hub_url", metavar="HUB_URL")
    login.add_argument("--user", required=True, metavar="EMAIL", help="an admin user's e-mail")
    login.add_argument("--password-file", metavar="F", help="read the password from F")

    logout = add_command(commands, "logout", "revoke the admin token for a hub", _logout)
    logout.add_argument("hub_url", metavar="HUB_URL")

    init = add_command(
        commands, "init-repo", "create the hub's signed guide repository", _init_repo
    )
    _hub_options(init)

    publish = add_command(commands, "publish", "check, sign and publish guide folders", _publish)
    publish.add_argument("guides", nargs="+", metavar="GUIDE_DIR")
    _hub_options(publish)

    retire = add_command(commands, "retire", "remove guides from the published set", _retire)
    retire.add_argument("guide_ids", nargs="+", metavar="GUIDE_ID")
    _hub_options(retire)

    rotate = add_command(
        commands, "rotate", "rotate the targets key or the hub's online keys", _rotate
    )
    rotate.add_argument("what", choices=["targets", "online"])
    _hub_options(rotate)
