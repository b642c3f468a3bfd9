"""Loads one page in QtWebEngine and reports whether its renderer ran sandboxed.

Run by tests/installer/test_deb.py with the installed package's Python, as the unprivileged
kiosk user, offscreen, with nothing that turns the Chromium sandbox off. It prints one JSON
object: the page's title, and for every QtWebEngineProcess its seccomp mode (2 means a
seccomp-bpf filter: the sandbox; renderers are forked from the zygote and keep its command line)
and whether it was given --no-sandbox.
"""

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication


def helper_processes() -> list[dict[str, object]]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            # Chromium rewrites its title: the arguments may be one space-separated string.
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            status = (proc / "status").read_text()
        except OSError:
            continue
        program = cmdline.split(b" ", 1)[0]
        uid = next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:"))
        if not program.endswith(b"/QtWebEngineProcess") or int(uid) != os.getuid():
            continue
        seccomp = next(
            (line.split()[1] for line in status.splitlines() if line.startswith("Seccomp:")), "?"
        )
        found.append({"seccomp": seccomp, "no_sandbox": b"--no-sandbox" in cmdline})
    return found


def main() -> None:
    app = QApplication(sys.argv)
    view = QWebEngineView()
    result: dict[str, object] = {"uid": os.getuid()}

    def finished(ok: bool) -> None:
        def titled(title: object) -> None:
            result.update(ok=ok, title=title, helpers=helper_processes())
            app.quit()

        view.page().runJavaScript("document.title", 0, titled)

    view.loadFinished.connect(finished)
    view.setHtml("<title>sandboxed page</title><p>hello</p>")
    view.show()
    QTimer.singleShot(60_000, app.quit)
    app.exec()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
