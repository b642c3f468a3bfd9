"""The Debian packages, for real: build, install, run, enroll, upgrade, purge (issue #11).

`make deb` and `make deb-hub` build the packages; the test installs their dependencies with
apt-get and the packages with dpkg -i on this machine (CI runs as root), then follows
docs/deploy.md: the kiosk starts as the unprivileged kiosk user with the QtWebEngine sandbox on,
the hub runs with its unit's command line, the kiosk enrolls with it through the keyring
session, and an upgrade keeps the enrollment, the token, the database and the config. At the
end everything is purged and the Debian packages this test had to add are removed again.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.installer.debpkg import (
    ROOT,
    clean_env,
    deb_file,
    depends_of,
    free_port,
    installed_packages,
    is_root,
    run,
    status_of,
    unit_exec_start,
    version_of,
    wait_http_ok,
)

pytestmark = pytest.mark.slow

KIOSK_HOME = Path("/var/lib/kiosk")
HUB_HOME = Path("/var/lib/kiosk-hub")
PASSWORD = Path("/etc/kiosk/keyring-password")
CONFIG = Path("/etc/kiosk/config.toml")
SESSION_UNIT = Path("/lib/systemd/system/kiosk-session.service")
HUB_UNIT = Path("/lib/systemd/system/kiosk-hub.service")
PROBE = Path(__file__).with_name("webengine_probe.py")
TOOLS = ("dpkg-deb", "apt-get", "lintian", "systemd-analyze", "runuser", "make")


def admin(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """`kiosk-admin ARGS` as root: the kiosk command as the kiosk user, in its keyring session."""
    return run(["kiosk-admin", *args], env={"QT_QPA_PLATFORM": "offscreen", **extra})


def status_json() -> dict[str, object]:
    result: dict[str, object] = json.loads(admin("status", "--json").stdout)
    return result


def purge_everything() -> None:
    for package in ("kiosk", "kiosk-hub"):
        if status_of(package) != "not-installed":
            run(["dpkg", "--purge", package])


@pytest.fixture(scope="module")
def machine() -> Iterator[set[str]]:
    """This machine, checked for what the test needs; afterwards as it was before."""
    assert is_root(), "the package test installs .debs: it must run as root (CI does)"
    missing = [tool for tool in TOOLS if run(["which", tool], check=False).returncode]
    assert not missing, f"missing tools {missing}: run scripts/apt-deps.sh test (as root)"
    for package in ("kiosk", "kiosk-hub"):
        assert status_of(package) == "not-installed", f"{package} is installed already"
    before = installed_packages()
    yield before
    purge_everything()
    added = sorted(installed_packages() - before)
    if added:
        run(["apt-get", "purge", "-y", "-qq", *added], timeout=600)


@dataclass
class Built:
    """The packages built by make, and lintian running on them in the background."""

    debs: dict[str, Path]
    lintian: subprocess.Popen[str]


@pytest.fixture(scope="module")
def built(machine: set[str]) -> Iterator[Built]:
    run(["make", "--no-print-directory", "deb", "deb-hub"], cwd=ROOT, env={"DEB_REVISION": "1"})
    debs = {package: deb_file(package, 1) for package in ("kiosk", "kiosk-hub")}
    for path in debs.values():
        assert path.is_file(), f"make did not build {path}"
    lintian = subprocess.Popen(
        ["lintian", "--fail-on", "error", *map(str, debs.values())],
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield Built(debs, lintian)
    if lintian.poll() is None:
        lintian.kill()
        lintian.communicate()


@pytest.mark.timeout(1500)
def test_install_run_enroll_upgrade_purge(built: Built, machine: set[str], tmp_path: Path) -> None:
    debs = built.debs
    # Dependencies from apt, then the packages themselves with dpkg -i.
    needed = sorted({name for deb in debs.values() for name in depends_of(deb)} - machine)
    if needed:
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *needed])
    run(["dpkg", "-i", str(debs["kiosk"]), str(debs["kiosk-hub"])])
    assert status_of("kiosk") == status_of("kiosk-hub") == "installed"

    # The units are valid (ExecStart programs exist, keys are known).
    run(["systemd-analyze", "verify", str(SESSION_UNIT), str(HUB_UNIT)])

    assert run(["kiosk", "--version"]).stdout.strip().startswith("kiosk ")
    assert run(["getent", "passwd", "kiosk"]).stdout.split(":")[5] == str(KIOSK_HOME)
    assert (KIOSK_HOME / "config.toml").resolve() == CONFIG
    assert PASSWORD.stat().st_mode & 0o777 == 0o600
    # As root, the plain command refuses to touch the kiosk user's files.
    refused = run(["kiosk", "status"], check=False)
    assert refused.returncode == 1
    assert "kiosk-admin" in refused.stderr

    # The kiosk starts and paints its home screen as the kiosk user, offscreen.
    ready = admin("run", "--quit-after-ready")
    assert ready.stdout.startswith("ready_ms="), ready.stdout
    # WebEngine of the package works as that user with Chromium's sandbox on: a helper
    # process runs under a seccomp-bpf filter and none was told --no-sandbox.
    probe = run(
        ["runuser", "-u", "kiosk", "--", "/opt/kiosk/venv/bin/python", "-c", PROBE.read_text()],
        env={"QT_QPA_PLATFORM": "offscreen"},
        cwd=KIOSK_HOME,
        timeout=120,
    )
    page = json.loads(probe.stdout.splitlines()[-1])
    assert page["uid"] != 0
    assert page["ok"] is True
    assert page["title"] == "sandboxed page"
    assert any(helper["seccomp"] == "2" for helper in page["helpers"]), page
    assert not any(helper["no_sandbox"] for helper in page["helpers"]), page

    # The hub, run as its unit runs it (on a free port), and the kiosk enrolled with it.
    port = free_port()
    command = unit_exec_start(HUB_UNIT)
    command[command.index("--port") + 1] = str(port)
    hub_log = tmp_path / "hub.log"
    with hub_log.open("w") as log:
        hub = subprocess.Popen(
            ["runuser", "-u", "kiosk-hub", "--", *command],
            env=clean_env({"KIOSK_HOME": str(HUB_HOME)}),
            cwd=HUB_HOME,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        hub_url = f"http://127.0.0.1:{port}"
        try:
            wait_http_ok(f"{hub_url}/healthz")
        except OSError as exc:
            raise AssertionError(f"the hub did not answer: {hub_log.read_text()}") from exc
        run(["kiosk-hub-admin", "add-location", "Bibliotheek Testdorp"])
        code = run(["kiosk-hub-admin", "enroll-code", "--location", "Bibliotheek Testdorp"])
        admin("enroll", hub_url, code.stdout.split()[0])
        enrolled = status_json()
        assert enrolled["enrolled"] is True
        assert enrolled["hub_url"] == hub_url
        admin("sync", "--once")  # needs the token from the keyring

        keyrings = KIOSK_HOME / ".local/share/keyrings"
        assert any(keyrings.glob("*.keyring")), "no keyring file in the kiosk's home"
        password = PASSWORD.read_bytes()
        CONFIG.write_text(
            CONFIG.read_text().replace('name = "Bibliotheek"', 'name = "Bibliotheek Testdorp"')
        )
        config = CONFIG.read_text()
        assert 'name = "Bibliotheek Testdorp"' in config

        # Upgrade: the same build as a newer revision, installed over the old one.
        run(
            ["make", "--no-print-directory", "deb"],
            cwd=ROOT,
            env={"DEB_REVISION": "2", "DEB_REUSE_STAGE": "1"},
        )
        run(["dpkg", "-i", "--force-confold", str(deb_file("kiosk", 2))])
        assert version_of("kiosk").endswith("-2")
        assert CONFIG.read_text() == config
        assert PASSWORD.read_bytes() == password
        again = status_json()
        assert again["enrolled"] is True
        assert again["kiosk_id"] == enrolled["kiosk_id"]
        admin("sync", "--once")  # the token survived in the keyring
        assert admin("run", "--quit-after-ready").stdout.startswith("ready_ms=")
    finally:
        hub.terminate()
        hub.wait(timeout=30)

    # postinst migrated the store as the kiosk user: the newest schema, the kiosk's own file.
    database = KIOSK_HOME / "data/kiosk.sqlite3"
    assert run(["stat", "-c", "%U", str(database)]).stdout.strip() == "kiosk"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        (revision,) = db.execute("SELECT version_num FROM alembic_version").fetchone()
    head = run(
        [
            "/opt/kiosk/venv/bin/python",
            "-c",
            "from kiosk.store.db import HEAD_REVISION as h;print(h)",
        ]
    ).stdout.strip()
    assert revision == head

    # postinst is idempotent: running it again changes nothing (names, owners, modes, kinds
    # and file contents; a directory's modification time may move on).
    def listing() -> str:
        entries = run(
            [
                "find",
                str(KIOSK_HOME),
                "/etc/kiosk",
                "-maxdepth",
                "1",
                "-printf",
                "%p %u %g %m %y\\n",
            ]
        ).stdout
        sums = run(["sh", "-c", "sha256sum /etc/kiosk/* 2>/dev/null || true"]).stdout
        return "".join(sorted(entries.splitlines(keepends=True))) + sums

    before = listing()
    for _ in range(2):
        run(["/var/lib/dpkg/info/kiosk.postinst", "configure", version_of("kiosk")])
    assert listing() == before
    assert PASSWORD.read_bytes() == password

    # Removal keeps the data; purge removes everything, and the users.
    run(["dpkg", "--remove", "kiosk"])
    assert database.exists()
    assert CONFIG.exists()
    purge_everything()
    for gone in ("/opt/kiosk", "/opt/kiosk-hub", str(KIOSK_HOME), str(HUB_HOME), "/etc/kiosk"):
        assert not Path(gone).exists(), f"{gone} is left after purge"
    for user in ("kiosk", "kiosk-hub"):
        assert run(["getent", "passwd", user], check=False).returncode == 2
    assert status_of("kiosk") == status_of("kiosk-hub") == "not-installed"


@pytest.mark.timeout(900)
def test_lintian_reports_no_errors(built: Built) -> None:
    """Lintian (started right after the build, so it ran during the test above): no errors."""
    output, _ = built.lintian.communicate(timeout=840)
    errors = [line for line in output.splitlines() if line.startswith("E:")]
    assert errors == [], "\n".join(errors)
    assert built.lintian.returncode == 0, output
