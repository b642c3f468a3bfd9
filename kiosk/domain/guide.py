"""A task guide as the kiosk holds it: frozen, typed objects built from a checked guide.yaml.

The format, with its extensions, is docs/guide-format.md (format 1). `kiosk.guides` parses
and checks a bundle and builds these objects; the UI and the run state machine
(`kiosk.domain.run`) only read them. Every translatable text is a `Texts` mapping from language
code to text; `Guide.text()` picks one language with a fallback to the guide's first language.

Steps are one class per step type, all subclasses of `Step` (`id`, `text`, `image`, `next`).
`Guide.successors(step)` gives where a step can lead (step ids or `END`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

#: The guide formats this kiosk reads.
FORMATS: tuple[int, ...] = (1,)
#: The pseudo step id that ends a guide.
END = "end"
#: The pseudo step id that ends a guide where the resident chose to stop (a warned code:
#: "I will not pay, I stop here"): the run ends abandoned, never "completed".
STOP = "stop"
#: Every pseudo step id that ends a guide.
ENDS: tuple[str, ...] = (END, STOP)
#: Guide ids, step ids and service ids.
ID_PATTERN = re.compile(r"[a-z0-9-]{3,64}")
#: Referral ids (`handoff.to`): the hub's id rule (docs/protocol.md), which existing hubs use
#: (`social_services`); a guide may name any referral a hub can hold.
REFERRAL_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
#: Field names (an extension: the format leaves them open; see docs/guides.md).
FIELD_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")
#: Language codes in `languages` and text maps.
LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}")
#: A country variant of a text (an extension): language, underscore, country (`nl_NL`).
VARIANT_PATTERN = re.compile(r"([a-z]{2,3})_([A-Z]{2})")

CATEGORIES: tuple[str, ...] = (
    "energy",
    "money",
    "government",
    "health",
    "work",
    "housing",
    "mobility",
    "communication",
    "safety",
    "other",
)
INPUT_KINDS: tuple[str, ...] = (
    "text",
    "number",
    "meter_reading",
    "ean",
    "iban",
    "date",
    "postcode",
    "phone",
    "email",
)
#: Input kinds that take `unit`, `min`, `max` and `decimals`.
NUMERIC_KINDS: tuple[str, ...] = ("number", "meter_reading")
PAYLOAD_KINDS: tuple[str, ...] = ("url", "epc_payment", "wifi", "vcard", "text")
HANDOFF_REASONS: tuple[str, ...] = ("volunteer", "referral")
IMAGE_SUFFIXES: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".svg")
#: The largest picture or icon a bundle may hold.
MAX_IMAGE_BYTES = 2 * 1024 * 1024

#: A translatable text: language code -> text (Markdown subset, `{field}` placeholders).
Texts = Mapping[str, str]


@dataclass(frozen=True)
class Step:
    """What every step has. `next` is None for "the next step in the list"."""

    id: str
    text: Texts
    image: str | None = None
    next: str | None = None
    #: What the picture shows, for a resident who cannot see it (its accessible description).
    alt: Texts | None = None

    type: ClassVar[str] = ""

    def fields_set(self) -> tuple[str, ...]:
        """The answer fields this step fills in."""
        return ()

    def texts(self) -> tuple[Texts, ...]:
        """Every translatable text of the step (for checks and translation coverage)."""
        return (self.text, *self.alt_texts())

    def alt_texts(self) -> tuple[Texts, ...]:
        """The picture's `alt`, when the step has one."""
        return () if self.alt is None else (self.alt,)


@dataclass(frozen=True)
class InfoStep(Step):
    type: ClassVar[str] = "info"


@dataclass(frozen=True)
class Option:
    """One button of a choice step. `goto` None means the step's own next (an extension)."""

    label: Texts
    goto: str | None = None


@dataclass(frozen=True)
class ChoiceStep(Step):
    options: tuple[Option, ...] = ()
    type: ClassVar[str] = "choice"

    def texts(self) -> tuple[Texts, ...]:
        return (self.text, *self.alt_texts(), *(option.label for option in self.options))


@dataclass(frozen=True)
class ChecklistStep(Step):
    items: tuple[Texts, ...] = ()
    type: ClassVar[str] = "checklist"

    def texts(self) -> tuple[Texts, ...]:
        return (self.text, *self.alt_texts(), *self.items)


@dataclass(frozen=True)
class InputStep(Step):
    field: str = ""
    kind: str = "text"
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    decimals: int | None = None
    required: bool = True
    hint: Texts | None = None
    type: ClassVar[str] = "input"

    def fields_set(self) -> tuple[str, ...]:
        return (self.field,)

    def texts(self) -> tuple[Texts, ...]:
        hint = () if self.hint is None else (self.hint,)
        return (self.text, *self.alt_texts(), *hint)


@dataclass(frozen=True)
class QrScanStep(Step):
    field: str = ""
    expect: tuple[str, ...] = ()
    type: ClassVar[str] = "qr_scan"

    def fields_set(self) -> tuple[str, ...]:
        return (self.field,)


@dataclass(frozen=True)
class WebStep(Step):
    url: str = ""
    type: ClassVar[str] = "web"


@dataclass(frozen=True)
class AppointmentStep(Step):
    service: str = ""
    type: ClassVar[str] = "appointment"


@dataclass(frozen=True)
class HandoffStep(Step):
    reason: str = "volunteer"
    to: str | None = None
    type: ClassVar[str] = "handoff"


@dataclass(frozen=True)
class SummaryStep(Step):
    show: tuple[str, ...] = ()
    print: bool = False
    qr: bool = False
    type: ClassVar[str] = "summary"


STEP_CLASSES: Mapping[str, type[Step]] = {
    cls.type: cls
    for cls in (
        InfoStep,
        ChoiceStep,
        ChecklistStep,
        InputStep,
        QrScanStep,
        WebStep,
        AppointmentStep,
        HandoffStep,
        SummaryStep,
    )
}
STEP_TYPES: tuple[str, ...] = tuple(STEP_CLASSES)


def pick_text(texts: Texts, language: str, fallback: str) -> str:
    """`texts` in `language`, else in `fallback`, else any; "" for an empty map.

    `language` may be a locale (`nl_NL`, `ar_001`): its country variant when the text has
    one (an extension of the format), else the language itself.
    """
    if language in texts:
        return texts[language]
    base = language.split("_")[0]
    if base in texts:
        return texts[base]
    if fallback in texts:
        return texts[fallback]
    return next(iter(texts.values()), "")


@dataclass(frozen=True)
class Guide:
    """One checked task guide. `source` is the bundle folder its pictures are read from."""

    id: str
    version: int
    category: str
    languages: tuple[str, ...]
    title: Texts
    summary: Texts
    steps: tuple[Step, ...]
    duration_minutes: int | None = None
    icon: str | None = None
    scope_limit: Texts | None = None
    allowed_sites: tuple[str, ...] = ()
    source: Path | None = None
    format: int = 1

    def text(self, texts: Texts, language: str) -> str:
        """`texts` in `language`, falling back to the guide's first language. Pass the run's
        locale (`nl_NL`) to get a text's country variant where it has one."""
        return pick_text(texts, language, self.languages[0] if self.languages else language)

    @property
    def first(self) -> Step:
        return self.steps[0]

    def step(self, step_id: str) -> Step:
        """The step with id `step_id` (KeyError if there is none)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def has_step(self, step_id: str) -> bool:
        return any(step.id == step_id for step in self.steps)

    def default_next(self, step: Step) -> str:
        """Where `step` leads without a choice: its `next`, else the following step, else END."""
        if step.next is not None:
            return step.next
        index = self.steps.index(step)
        return self.steps[index + 1].id if index + 1 < len(self.steps) else END

    def successors(self, step: Step) -> tuple[str, ...]:
        """Every step id (or END) that `step` can lead to, without duplicates."""
        if isinstance(step, ChoiceStep) and step.options:
            targets = [option.goto or self.default_next(step) for option in step.options]
            return tuple(dict.fromkeys(targets))
        return (self.default_next(step),)

    def image_path(self, relative: str | None) -> Path | None:
        """The file of a step's `image` or the guide's `icon`, inside the bundle folder."""
        if relative is None or self.source is None:
            return None
        return self.source / relative

    def fields(self) -> tuple[str, ...]:
        """Every answer field some step of the guide sets, in step order."""
        return tuple(dict.fromkeys(name for step in self.steps for name in step.fields_set()))
