"""The proof of a guide run: the answers with the guide's title and the date, printed or as PDF.

`answer_rows(run, fields)` labels each answer with the first **bold** words of the step that
asked for it, in the run's language ("Typ uw **EAN-code**" -> "EAN-code"), else the field name;
numbers and dates are formatted with babel through the run (`formatted_answer`), and a unit is
added when the step has one. `Proof` holds what the summary shows, prints and puts in its QR
code (`text()`).

`print_proof(proof, session_dir)` prints on the default printer through QtPrintSupport. When no
printer is set up (`QPrinterInfo.availablePrinters()` is empty, or printing fails) it writes a
PDF into the session folder instead (wiped at every reset), which a volunteer can print.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.dates import format_date

from kiosk.domain.guide import InputStep, QrScanStep
from kiosk.domain.markdown import inline
from kiosk.domain.run import GuideRunState
from kiosk.i18n import _, clock_time, local

log = logging.getLogger(__name__)


def _label_for(run: GuideRunState, field: str) -> str:
    for step in run.guide.steps:
        if isinstance(step, InputStep | QrScanStep) and step.field == field:
            text = run.guide.text(step.text, run.locale)
            for line in text.splitlines():
                bold = next((span.text for span in inline(line) if span.bold), "")
                if bold.strip():
                    label = bold.strip()
                    return label[:1].upper() + label[1:]
    return field.replace("_", " ").capitalize()


def answer_rows(run: GuideRunState, fields: Sequence[str]) -> list[tuple[str, str]]:
    """(label, formatted answer) for every field, in order; "" for a field not answered."""
    rows = []
    # the unit of the step that stored the answer on this run's path (a meter reading is
    # kWh on the electricity branch and m³ on the gas branch)
    visited = set(run.history)
    units = {
        step.field: step.unit
        for step in run.guide.steps
        if isinstance(step, InputStep) and step.unit and step.id in visited
    }
    for field in fields:
        value = run.formatted_answer(field)
        if value and field in units:
            value = f"{value} {units[field]}"
        rows.append((_label_for(run, field), value))
    return rows


@dataclass(frozen=True)
class Proof:
    """What a summary prints: the guide's title, when, and the answers. A ticket adds `qr` (the
    text of a QR code printed beside the rows, an appointment's .ics) and is `large`."""

    title: str
    when: str
    rows: tuple[tuple[str, str], ...]
    qr: str = ""
    large: bool = False

    def text(self) -> str:
        """Plain text (for the QR code)."""
        lines = [self.title, self.when, ""]
        lines.extend(f"{label}: {value}" for label, value in self.rows)
        return "\n".join(lines)

    def html(self) -> str:
        title_pt, when_pt, rows_pt = (26, 18, 18) if self.large else (20, 12, 14)
        rows = "".join(
            f"<tr><td style='padding:6px 24px 6px 0'>{html.escape(label)}</td>"
            f"<td style='padding:6px 0'><b>{html.escape(value)}</b></td></tr>"
            for label, value in self.rows
        )
        qr = f"<p><img src='{QR_RESOURCE}' width='260' height='260'></p>" if self.qr else ""
        return (
            f"<p style='font-size:{title_pt}pt; font-weight:bold'>{html.escape(self.title)}</p>"
            f"<p style='font-size:{when_pt}pt'>{html.escape(self.when)}</p>"
            f"<table style='font-size:{rows_pt}pt'>{rows}</table>{qr}"
        )


#: The name under which a proof's QR code image is handed to the printed document.
QR_RESOURCE = "kiosk-qr.png"


def qr_png(text: str, scale: int = 10) -> bytes:
    """A QR code of `text` (UTF-8, error correction M) as PNG bytes."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def make_proof(run: GuideRunState, fields: Sequence[str], now: datetime | None = None) -> Proof:
    moment = local(now or datetime.now(UTC))
    when = _("{date}, {time}").format(
        date=format_date(moment, format="long", locale=run.locale),
        time=clock_time(moment, run.locale),
    )
    title = run.guide.text(run.guide.title, run.locale)
    return Proof(title, when, tuple(answer_rows(run, fields)))


@dataclass(frozen=True)
class PrintOutcome:
    """Where the proof went: a printer's name, or the PDF file written instead."""

    printer: str = ""
    pdf: Path | None = None


def _safe_name(text: str) -> str:
    return re.sub(r"[^a-zA-Z0-9-]+", "-", text).strip("-") or "proof"


def print_proof(proof: Proof, session_dir: Path, name: str = "proof") -> PrintOutcome:
    """Print `proof` on the default printer, or write a PDF into `session_dir` when none."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    document = QTextDocument()
    if proof.qr:
        document.addResource(
            QTextDocument.ResourceType.ImageResource,
            QUrl(QR_RESOURCE),
            QImage.fromData(qr_png(proof.qr)),
        )
    document.setHtml(proof.html())
    if QPrinterInfo.availablePrinters():
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            info = QPrinterInfo.availablePrinters()[0]
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setDocName(proof.title)
        if printer.isValid():
            document.print_(printer)
            return PrintOutcome(printer=info.printerName())
        log.warning("printer %s is not usable; writing a PDF instead", info.printerName())
    session_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%H%M%S")
    path = session_dir / f"{_safe_name(name)}-{stamp}.pdf"
    writer = QPdfWriter(str(path))
    writer.setTitle(proof.title)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setResolution(300)
    document.print_(writer)
    del writer  # closes the file
    return PrintOutcome(pdf=path)


def print_message(outcome: PrintOutcome) -> str:
    """What the resident is told after pressing Print."""
    if outcome.pdf is None:
        return _("Your proof is being printed on {printer}.").format(printer=outcome.printer)
    return _(
        "There is no printer on this computer. Your proof is ready: ask a volunteer to "
        "print it for you."
    )
