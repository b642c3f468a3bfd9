"""`kiosk hub`: run and administer the municipality hub (issue #5).

    kiosk hub serve [--db URL] [--host H] [--port P]
    kiosk hub user list [--all]
    kiosk hub user add EMAIL --role hub_admin|coordinator|staff [--organisation ORG]...
                       [--location NAME]... [--password-file F]   (alias: kiosk hub add-user)
    kiosk hub user set-role EMAIL hub_admin|coordinator|staff
    kiosk hub user set-locations EMAIL [--organisation ORG]... [--location NAME]...
    kiosk hub user disable|enable|remove EMAIL
    kiosk hub user set-password EMAIL [--password-file F] [--must-change]
    kiosk hub user language EMAIL nl|fr|en|-      (the language of their staff pages)
    kiosk hub add-organisation NAME
    kiosk hub add-location NAME [--organisation ORG] [--timezone ZONE]
    kiosk hub set-location NAME [--timezone ZONE] [--address TEXT] [--phone NUMBER]
                          [--organisation ORG]
    kiosk hub enroll-code --location NAME [--valid-hours 24]
    kiosk hub revoke-kiosk KIOSK_ID
    kiosk hub add-volunteer --location NAME NAME [--role volunteer|coordinator]
    kiosk hub invite-volunteer VOLUNTEER_ID      (a code for a first PIN, shown once)
    kiosk hub reset-pin VOLUNTEER_ID             (forget the PIN, make a new code)
    kiosk hub set-admin-pin --location NAME [--pin-file F]
    kiosk hub purge
    kiosk hub export --format csv|csv-excel|ido|klantinteracties [--from D] [--to D] [--location N]
                     [--organisation ORG] [--output F]

Every subcommand takes `--db URL` (default: the SQLite file under KIOSK_HOME/hub/, or
$KIOSK_HUB_DB). Heavy imports happen inside the handlers. Commands act with full scope (the
operator of the hub's machine can read its database anyway); those that act on part of the hub
take `--organisation` and `--location`. Changes are audited with the actor `cli`
(kiosk.hub.audit).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.commands import Handler, Subparsers, add_command, needs_subcommand

#: The roles `kiosk hub user` offers (kiosk.hub.scope.ROLES, without importing the hub); the
#: old name `admin` still means hub_admin.
ROLES = ("hub_admin", "coordinator", "staff")
ROLE_CHOICES = (*ROLES, "admin")
ROLE_HELP = (
    "hub_admin (everything), coordinator (their locations' settings) or staff "
    "(dashboards, exports, appointments of their locations); admin = hub_admin"
)
#: The languages of the staff pages (kiosk.hub.i18n.HUB_LANGUAGES, without importing the hub).
HUB_LANGUAGE_CHOICES = ("nl", "fr", "en")

if TYPE_CHECKING:
    from kiosk.hub.db.engine import HubDatabase
    from kiosk.hub.helpdesk.invitations import Invitation
    from kiosk.hub.i18n import Translator
    from kiosk.hub.settings import HubSettings


def _settings(args: argparse.Namespace) -> HubSettings:
    from kiosk.hub.settings import HubSettings

    return HubSettings.from_home(getattr(args, "home", None), args.db)


def _open(args: argparse.Namespace) -> HubDatabase:
    from kiosk.hub.db.engine import open_hub_db

    return open_hub_db(_settings(args).db_url)


def _serve(args: argparse.Namespace) -> int:
    from kiosk.hub.server import serve
    from kiosk.hub.settings import parse_proxies

    settings = _settings(args)
    if args.trusted_proxy is not None:
        settings = settings.with_(trusted_proxies=parse_proxies(args.trusted_proxy))
    serve(settings, args.host, args.port, getattr(args, "verbose", 0))
    return 0


def _read_password(args: argparse.Namespace) -> str:
    from kiosk.errors import KioskError

    if args.password_file:
        try:
            lines = Path(args.password_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise KioskError(f"cannot read {args.password_file}: {exc.strerror}") from None
        if not lines or not lines[0]:
            raise KioskError(f"{args.password_file}: the first line must hold the password")
        return lines[0]
    if not sys.stdin.isatty():
        raise KioskError("no terminal to ask for the password; use --password-file FILE")
    import getpass

    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise KioskError("the two passwords differ; try again")
    return first


def _add_user(args: argparse.Namespace) -> int:
    from kiosk.hub.locations import find_location
    from kiosk.hub.organisations import find_organisation
    from kiosk.hub.staff.accounts import add_user, check_role

    role = check_role(args.role)
    password = _read_password(args)
    db = _open(args)
    try:
        organisations = [find_organisation(db, name).id for name in args.organisation or ()]
        locations = [find_location(db, name).id for name in args.location or ()]
        user_id = add_user(
            db, args.email, role, password, organisations=organisations, locations=locations
        )
    finally:
        db.close()
    t = _translator()
    print(
        t._(
            "user {email} added ({role}, id {id})",
            email=args.email.strip().lower(),
            role=role,
            id=user_id,
        )
    )
    if role != "hub_admin" and not (organisations or locations):
        print(
            t._("this user sees nothing until given --organisation or --location"), file=sys.stderr
        )
    return 0


def _add_organisation(args: argparse.Namespace) -> int:
    from kiosk.hub.organisations import add_organisation

    db = _open(args)
    try:
        print(add_organisation(db, args.name))
    finally:
        db.close()
    return 0


def _translator() -> Translator:
    """The translator of this command's messages: the environment's language, else English."""
    from kiosk.hub.i18n import cli_translator

    return cli_translator()


def _user_list(args: argparse.Namespace) -> int:
    from kiosk.hub.staff.accounts import list_users

    db = _open(args)
    try:
        users = list_users(db, include_removed=args.all)
    finally:
        db.close()
    for user in users:
        reset = (
            f"  ({_translator()._('must choose a new password')})"
            if user.must_change_password
            else ""
        )
        print(f"{user.id}\t{user.email}\t{user.role}\t{user.status}{reset}")
    return 0


def _user_change(args: argparse.Namespace) -> int:
    from kiosk.hub.staff import accounts

    t = _translator()
    db = _open(args)
    try:
        if args.user_command == "set-role":
            info = accounts.set_role(db, args.email, args.role)
            print(t._("{email} is now {role}", email=info.email, role=info.role))
        elif args.user_command == "disable":
            info = accounts.disable_user(db, args.email)
            print(
                t._(
                    "{email} disabled; their sessions and publishing tokens ended", email=info.email
                )
            )
        elif args.user_command == "enable":
            info = accounts.enable_user(db, args.email)
            print(t._("{email} enabled", email=info.email))
        else:
            info = accounts.remove_user(db, args.email)
            print(
                t._(
                    "user {id} removed; the audit log keeps them as {email}",
                    id=info.id,
                    email=info.email,
                )
            )
    finally:
        db.close()
    return 0


def _user_scope(args: argparse.Namespace) -> int:
    from kiosk.hub.locations import find_location
    from kiosk.hub.organisations import find_organisation
    from kiosk.hub.staff.accounts import set_locations

    db = _open(args)
    try:
        organisations = [find_organisation(db, name).id for name in args.organisation or ()]
        locations = [find_location(db, name).id for name in args.location or ()]
        info = set_locations(db, args.email, organisations, locations)
    finally:
        db.close()
    t = _translator()
    if organisations or locations:
        print(
            t._(
                "{email} now sees whole organisations: {organisations}; single locations: "
                "{locations}",
                email=info.email,
                organisations=len(organisations),
                locations=len(locations),
            )
        )
    else:
        print(t._("{email} now sees nothing (a hub_admin still sees everything)", email=info.email))
    return 0


def _user_language(args: argparse.Namespace) -> int:
    from kiosk.hub.staff.accounts import set_language

    db = _open(args)
    try:
        info = set_language(db, args.email, None if args.language == "-" else args.language)
    finally:
        db.close()
    t = _translator()
    if info.language is None:
        print(
            t._(
                "{email} sees the staff pages in the language their browser asks for",
                email=info.email,
            )
        )
    else:
        print(
            t._(
                "{email} sees the staff pages in {language}",
                email=info.email,
                language=info.language,
            )
        )
    return 0


def _user_password(args: argparse.Namespace) -> int:
    from kiosk.hub.staff.accounts import set_password

    password = _read_password(args)
    db = _open(args)
    try:
        info = set_password(db, args.email, password, must_change=args.must_change)
    finally:
        db.close()
    t = _translator()
    if args.must_change:
        print(
            t._(
                "password of {email} changed; their sessions and publishing tokens ended; "
                "they must choose a new one at the next login",
                email=info.email,
            )
        )
    else:
        print(
            t._(
                "password of {email} changed; their sessions and publishing tokens ended",
                email=info.email,
            )
        )
    return 0


def _add_location(args: argparse.Namespace) -> int:
    from kiosk.hub.locations import add_location
    from kiosk.hub.organisations import find_organisation

    db = _open(args)
    try:
        organisation = find_organisation(db, args.organisation).id if args.organisation else None
        print(add_location(db, args.name, organisation, args.timezone))
    finally:
        db.close()
    return 0


def _set_location(args: argparse.Namespace) -> int:
    from kiosk.hub.locations import find_location, set_contact, set_hidden_guides
    from kiosk.hub.organisations import find_organisation, move_location

    db = _open(args)
    try:
        location = find_location(db, args.name)
        if args.timezone or args.address is not None or args.phone is not None:
            set_contact(
                db, location.id, timezone=args.timezone, address=args.address, phone=args.phone
            )
        if args.organisation:
            move_location(db, location.id, find_organisation(db, args.organisation).id)
        if args.hide_guide or args.show_guide:
            set_hidden_guides(db, location.id, hide=args.hide_guide, show=args.show_guide)
            _warn_unknown_guides(args, [*(args.hide_guide or []), *(args.show_guide or [])])
        location = find_location(db, location.id)
    finally:
        db.close()
    print(
        f"{location.name}: time zone {location.timezone}, address {location.address or '-'}, "
        f"phone {location.phone or '-'}, hidden guides {', '.join(location.hidden_guides) or '-'}"
    )
    return 0


def _warn_unknown_guides(args: argparse.Namespace, guide_ids: list[str]) -> None:
    """Warn about each id no guide the hub knows carries (a typo hides nothing), naming the
    ones it knows: published bundles and shipped guides (`kiosk.hub.guides.titles`)."""
    import difflib

    from kiosk.hub.guides.titles import guide_titles

    titles = guide_titles(_settings(args).tuf_dir)
    known = sorted(titles.guides)
    for guide_id in dict.fromkeys(guide_ids):
        if titles.knows(guide_id):
            continue
        close = difflib.get_close_matches(guide_id, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        print(
            f"kiosk hub: warning: no guide {guide_id!r} is published or shipped{hint}; "
            f"the setting is kept, but hides nothing until such a guide exists. "
            f"Guides this hub knows: {', '.join(known) or '-'}",
            file=sys.stderr,
        )


def _enroll_code(args: argparse.Namespace) -> int:
    from kiosk.hub.kiosks.enrollment import create_enroll_code

    db = _open(args)
    try:
        code, expires = create_enroll_code(db, args.location, args.valid_hours)
    finally:
        db.close()
    print(code)
    when = expires.isoformat(timespec="minutes")
    print(_translator()._("valid until {when}, once", when=when), file=sys.stderr)
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from kiosk.hub.kiosks.fleet import revoke_kiosk

    db = _open(args)
    try:
        changed = revoke_kiosk(db, args.kiosk_id)
    finally:
        db.close()
    t = _translator()
    if changed:
        print(t._("kiosk {kiosk} revoked", kiosk=args.kiosk_id))
    else:
        print(t._("kiosk {kiosk} was revoked already", kiosk=args.kiosk_id))
    return 0


def _add_volunteer(args: argparse.Namespace) -> int:
    from kiosk.hub.helpdesk.volunteers import add_volunteer

    db = _open(args)
    try:
        print(add_volunteer(db, args.location, args.name, args.role))
    finally:
        db.close()
    return 0


def _print_invitation(made: Invitation) -> None:
    print(made.shown)
    message = _translator()._(
        "invitation code for {name} at {location}: valid until {when}, once; shown only now",
        name=made.name,
        location=made.location,
        when=made.expires_at.isoformat(timespec="minutes"),
    )
    print(message, file=sys.stderr)


def _invite(args: argparse.Namespace) -> int:
    from kiosk.hub.helpdesk import invitations

    db = _open(args)
    try:
        if args.hub_command == "reset-pin":
            made = invitations.reset_pin(db, args.volunteer_id)
        else:
            made = invitations.invite(db, args.volunteer_id)
    finally:
        db.close()
    _print_invitation(made)
    return 0


def _read_pin(args: argparse.Namespace) -> str:
    from kiosk.errors import KioskError

    if args.pin_file:
        try:
            lines = Path(args.pin_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise KioskError(f"cannot read {args.pin_file}: {exc.strerror}") from None
        if not lines or not lines[0].strip():
            raise KioskError(f"{args.pin_file}: the first line must hold the PIN")
        return lines[0].strip()
    if not sys.stdin.isatty():
        raise KioskError("no terminal to ask for the PIN; use --pin-file FILE")
    import getpass

    first = getpass.getpass("Location admin PIN: ")
    if getpass.getpass("The same PIN again: ") != first:
        raise KioskError("the two PINs differ; try again")
    return first.strip()


def _set_admin_pin(args: argparse.Namespace) -> int:
    from kiosk.hub.helpdesk.invitations import set_admin_pin
    from kiosk.hub.locations import find_location

    pin = _read_pin(args)
    db = _open(args)
    try:
        location = find_location(db, args.location)
        set_admin_pin(db, location.id, pin)
    finally:
        db.close()
    print(
        _translator()._(
            "admin PIN of {location} set; its kiosks get it with their next sync",
            location=location.name,
        )
    )
    return 0


def _purge(args: argparse.Namespace) -> int:
    from kiosk.clock import utc_now
    from kiosk.hub.audit import CLI, purge_audit
    from kiosk.hub.records.retention import purge

    settings = _settings(args)
    months = args.retention_months or settings.retention_months
    db = _open(args)
    try:
        result = purge(db, months, utc_now(), CLI)
        audit_deleted = purge_audit(db, settings.audit_retention_months, utc_now(), CLI)
    finally:
        db.close()
    print(
        f"{result.records_deleted} records from before {result.cutoff.date().isoformat()} "
        f"deleted; their counts are kept ({result.counts_archived} archived cells); "
        f"contact details of {result.contacts_deleted} past appointments deleted; "
        f"{audit_deleted} audit entries older than {settings.audit_retention_months} months deleted"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError
    from kiosk.hub.audit import CLI
    from kiosk.hub.guides.titles import guide_titles
    from kiosk.hub.i18n import cli_translator
    from kiosk.hub.locations import find_location, list_locations
    from kiosk.hub.organisations import find_organisation
    from kiosk.hub.records import exports
    from kiosk.hub.records.dashboard import parse_filters
    from kiosk.hub.scope import FULL, Scope

    db = _open(args)
    try:
        location_id = find_location(db, args.location).id if args.location else None
        scope = FULL
        if args.organisation:
            organisation = find_organisation(db, args.organisation).id
            scope = Scope(
                frozenset(
                    loc.id for loc in list_locations(db) if loc.organisation_id == organisation
                )
            )
            if location_id and not scope.allows(location_id):
                raise KioskError(f"{args.location} is not a location of {args.organisation}")
        filters = parse_filters(args.start, args.end, location_id, scope=scope)
        titles = guide_titles(_settings(args).tuf_dir)
        try:
            rendered = exports.render(
                db, args.format, filters, lambda guide: titles.guide_title(guide, "nl")
            )
        except exports.IdoPeriodRefused as exc:
            raise KioskError(cli_translator().error(exc)) from None
        exports.audit_export(db, CLI, args.format, filters)
    finally:
        db.close()
    if args.output:
        try:
            Path(args.output).write_bytes(rendered.body)
        except OSError as exc:
            raise KioskError(f"cannot write {args.output}: {exc.strerror}") from None
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(rendered.body)
        sys.stdout.buffer.flush()
    return 0


def _in_readers_language(handler: Handler) -> Handler:
    """`handler` whose refusals (HubError) are in the language of the environment: a staff
    member with LANG=nl_BE.UTF-8 reads Dutch (kiosk.hub.i18n.cli_translator), else English."""

    def run(args: argparse.Namespace) -> int:
        from kiosk.errors import KioskError
        from kiosk.hub.errors import HubError
        from kiosk.hub.i18n import cli_translator

        try:
            return handler(args)
        except HubError as exc:
            raise KioskError(cli_translator().error(exc)) from None

    return run


def register(subparsers: Subparsers) -> None:
    hub = add_command(subparsers, "hub", "run and administer the municipality hub")
    hub.set_defaults(handler=needs_subcommand(hub))
    commands = hub.add_subparsers(dest="hub_command", metavar="SUBCOMMAND")

    def sub(name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
        parser = add_command(commands, name, help_text, _in_readers_language(handler))
        parser.add_argument(
            "--db",
            metavar="URL",
            help="database URL: sqlite:///FILE or postgresql+psycopg://USER@HOST:PORT/DB "
            "(default: $KIOSK_HUB_DB, else hub/hub.sqlite3 in the kiosk home)",
        )
        return parser

    serve = sub("serve", "run the hub's web server (API for kiosks, staff pages)", _serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    serve.add_argument("--port", type=int, default=8470, help="port (default: %(default)s)")
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        metavar="ADDRESS",
        help="believe X-Forwarded-For from this address or network (CIDR) of a reverse proxy; "
        "repeat for several (default: $KIOSK_HUB_TRUSTED_PROXIES, else loopback only)",
    )

    _register_users(commands, sub)

    organisation = sub("add-organisation", "add an organisation; prints its id", _add_organisation)
    organisation.add_argument("name", metavar="NAME")

    location = sub("add-location", "add a location; prints its id", _add_location)
    location.add_argument("name", metavar="NAME")
    location.add_argument(
        "--organisation", metavar="ORG", help="its organisation (default: Default)"
    )
    location.add_argument(
        "--timezone",
        default="Europe/Brussels",
        metavar="ZONE",
        help="IANA time zone of its opening hours (default: %(default)s)",
    )

    set_location = sub(
        "set-location",
        "set a location's time zone, address, phone number or organisation",
        _set_location,
    )
    set_location.add_argument("name", metavar="NAME", help="location name or id")
    set_location.add_argument("--timezone", metavar="ZONE", help="e.g. Europe/Amsterdam")
    set_location.add_argument("--address", metavar="TEXT", help="street address, one line")
    set_location.add_argument("--phone", metavar="NUMBER", help="e.g. '+32 9 123 45 67'")
    set_location.add_argument("--organisation", metavar="ORG", help="move it to this one")
    set_location.add_argument(
        "--hide-guide",
        action="append",
        default=[],
        metavar="GUIDE_ID",
        help="leave this guide's tile out of the location's kiosks (a shipped guide too); "
        "repeatable",
    )
    set_location.add_argument(
        "--show-guide",
        action="append",
        default=[],
        metavar="GUIDE_ID",
        help="show a hidden guide again; repeatable",
    )

    code = sub("enroll-code", "make a one-time enrollment code for a location", _enroll_code)
    code.add_argument("--location", required=True, metavar="NAME", help="location name or id")
    code.add_argument("--valid-hours", type=float, default=24, metavar="H", help="default: 24")

    revoke = sub("revoke-kiosk", "revoke a kiosk's token at once", _revoke)
    revoke.add_argument("kiosk_id", metavar="KIOSK_ID")

    volunteer = sub(
        "add-volunteer", "register a volunteer at a location; prints its id", _add_volunteer
    )
    volunteer.add_argument("name", metavar="NAME")
    volunteer.add_argument("--location", required=True, metavar="NAME", help="location name or id")
    volunteer.add_argument("--role", choices=("volunteer", "coordinator"), default="volunteer")

    for name, help_text in (
        ("invite-volunteer", "make an invitation code for a volunteer's first PIN (shown once)"),
        ("reset-pin", "forget a volunteer's PIN and make a new invitation code (shown once)"),
    ):
        sub(name, help_text, _invite).add_argument("volunteer_id", metavar="VOLUNTEER_ID")
    admin_pin = sub(
        "set-admin-pin",
        "set a location's admin PIN (opens its kiosks' admin screen); asks for it twice",
        _set_admin_pin,
    )
    admin_pin.add_argument("--location", required=True, metavar="NAME", help="location name or id")
    admin_pin.add_argument("--pin-file", metavar="FILE", help="read the PIN from FILE's first line")

    purge = sub("purge", "delete raw records older than the retention period (counts stay)", _purge)
    purge.add_argument(
        "--retention-months",
        type=int,
        metavar="N",
        help="override the retention period (default 24)",
    )

    export = sub("export", "export records or aggregates for a period and location", _export)
    export.add_argument(
        "--format", required=True, choices=("csv", "csv-excel", "ido", "klantinteracties")
    )
    export.add_argument("--from", dest="start", metavar="DATE", help="first day, YYYY-MM-DD")
    export.add_argument("--to", dest="end", metavar="DATE", help="last day, YYYY-MM-DD")
    export.add_argument("--location", metavar="NAME", help="one location (name or id)")
    export.add_argument(
        "--organisation", metavar="ORG", help="only this organisation's locations (name or id)"
    )
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")


def _register_users(
    commands: Subparsers, sub: Callable[[str, str, Handler], argparse.ArgumentParser]
) -> None:
    def password_file(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--password-file", metavar="FILE", help="read the password from FILE's first line"
        )

    def scope_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--organisation",
            action="append",
            metavar="ORG",
            help="the user sees every location of this organisation (name or id); repeatable",
        )
        parser.add_argument(
            "--location",
            action="append",
            metavar="NAME",
            help="the user sees this location (name or id); repeatable",
        )

    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("email", metavar="EMAIL")
        parser.add_argument("--role", choices=ROLE_CHOICES, required=True, help=ROLE_HELP)
        scope_arguments(parser)
        password_file(parser)

    add_arguments(sub("add-user", "add a staff login (the same as 'user add')", _add_user))
    users = add_command(commands, "user", "list, add, change, disable and remove staff logins")
    users.set_defaults(handler=needs_subcommand(users))
    user_commands = users.add_subparsers(dest="user_command", metavar="SUBCOMMAND")

    def user_sub(name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
        parser = add_command(user_commands, name, help_text, _in_readers_language(handler))
        parser.add_argument("--db", metavar="URL", help="database URL (as for 'kiosk hub serve')")
        return parser

    listing = user_sub("list", "list staff logins: id, e-mail, role, status", _user_list)
    listing.add_argument("--all", action="store_true", help="include removed accounts")
    add_arguments(user_sub("add", "add a staff login (asks for the password)", _add_user))
    role = user_sub("set-role", "change a user's role", _user_change)
    role.add_argument("email", metavar="EMAIL", help="e-mail address or user id")
    role.add_argument("role", choices=ROLE_CHOICES, help=ROLE_HELP)
    scope = user_sub(
        "set-locations",
        "replace what a user sees: whole organisations and single locations",
        _user_scope,
    )
    scope.add_argument("email", metavar="EMAIL", help="e-mail address or user id")
    scope_arguments(scope)
    for name, help_text in (
        ("disable", "stop a user logging in; ends their sessions and publishing tokens at once"),
        ("enable", "let a disabled user log in again"),
        ("remove", "disable a user for good and anonymise the e-mail (the audit log keeps them)"),
    ):
        user_sub(name, help_text, _user_change).add_argument(
            "email", metavar="EMAIL", help="e-mail address or user id"
        )
    language = user_sub(
        "language",
        "the language of a user's staff pages ('-': as their browser asks)",
        _user_language,
    )
    language.add_argument("email", metavar="EMAIL", help="e-mail address or user id")
    language.add_argument("language", choices=(*HUB_LANGUAGE_CHOICES, "-"), help="nl, fr, en or -")
    password = user_sub(
        "set-password", "set a user's password (asks for it); ends their sessions", _user_password
    )
    password.add_argument("email", metavar="EMAIL", help="e-mail address or user id")
    password_file(password)
    password.add_argument(
        "--must-change",
        action="store_true",
        help="the user must choose a new password at the next login (a forced reset)",
    )
