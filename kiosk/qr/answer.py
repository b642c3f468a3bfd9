"""What a guide's `qr_scan` step keeps of the codes it read, and what it refuses.

`accepted(codes, expect)` keeps the codes whose payload kind the step expects (all of them when
the guide gives no `expect`). `refusal(codes, expect)` is the plain sentence for codes of a kind
the step does not want ("This code holds a Wi-Fi network, not a payment."). `answer_text(codes)`
is what the step stores in its field: the plain sentence of each code (kiosk.qr.explain), on one
line, with nothing in it that the guide's Markdown would read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from babel.lists import format_list

from kiosk.i18n import N_, _, locale_name
from kiosk.qr.explain import explain

if TYPE_CHECKING:
    from kiosk.qr.decode import DecodedCode

#: What a code of each kind holds, as a resident would say it.
KIND_NAMES: dict[str, str] = {
    "url": N_("a website"),
    "epc_payment": N_("a payment"),
    "wifi": N_("a Wi-Fi network"),
    "vcard": N_("a contact card"),
    "text": N_("a text"),
}


def kind_name(kind: str) -> str:
    return _(KIND_NAMES.get(kind, KIND_NAMES["text"]))


def accepted(codes: Sequence[DecodedCode], expect: Sequence[str]) -> list[DecodedCode]:
    """The codes the step may keep (`expect` empty: every code)."""
    return [code for code in codes if not expect or code.payload.kind in expect]


def refusal(
    codes: Sequence[DecodedCode], expect: Sequence[str], language: str | None = None
) -> str:
    """Why none of `codes` fits the step, and what to do (for codes `accepted` left out)."""
    found = kind_name(codes[0].payload.kind) if codes else kind_name("text")
    wanted = [kind_name(kind) for kind in expect if kind in KIND_NAMES]
    try:
        wanted_text = format_list(wanted, style="or", locale=locale_name(language))
    except ValueError:
        wanted_text = ", ".join(wanted)
    return (
        _("This code holds {found}, not {wanted}.").format(found=found, wanted=wanted_text)
        + " "
        + _("Read the right code on your letter, or ask a volunteer.")
    )


def answer_text(
    codes: Sequence[DecodedCode], language: str | None = None, country: str = "BE"
) -> str:
    """The plain sentence of every code, in the current language, safe inside guide Markdown,
    with its warnings ("⚠ ...") after it: later steps repeat the answer, never without them."""
    sentences: list[str] = []
    for code in codes:
        explanation = explain(code.payload, language, country)
        sentences.append(explanation.summary)
        sentences.extend(f"⚠ {warning.title}" for warning in explanation.warnings)
    return plain_line(" ".join(sentences))


def warned(codes: Sequence[DecodedCode], country: str = "BE") -> bool:
    """True when any of `codes` has a warning (a look-alike address, an odd payment, ...)."""
    return any(explain(code.payload, country=country).warnings for code in codes)


def plain_line(text: str) -> str:
    """`text` on one line, with `**` and `__` broken up so they never turn into bold."""
    line = " ".join(text.split())
    return line.replace("**", "*\u200b*").replace("__", "_\u200b_")
