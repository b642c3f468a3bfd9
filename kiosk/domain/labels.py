"""Readable labels for the ids records carry (topics, outcomes, how runs ended, age bands).

The ids are part of the sync protocol; staff pages and exports show these labels instead,
translated with gettext when they are shown.
"""

from __future__ import annotations

from kiosk.i18n import N_, _

TOPIC_LABELS: dict[str, str] = {
    "taxes": N_("Taxes"),
    "allowances": N_("Allowances and benefits"),
    "digid_itsme": N_("DigiD / itsme login"),
    "health": N_("Health and care"),
    "energy": N_("Energy"),
    "work_income": N_("Work and income"),
    "housing": N_("Housing"),
    "mobility": N_("Mobility and transport"),
    "banking": N_("Banking and payments"),
    "devices_internet": N_("Devices and internet"),
    "other": N_("Other"),
}

OUTCOME_LABELS: dict[str, str] = {
    "helped": N_("Helped"),
    "partly": N_("Partly helped"),
    "not_helped": N_("Not helped"),
    "referred": N_("Referred"),
}

RUN_END_LABELS: dict[str, str] = {
    "completed": N_("Completed"),
    "abandoned": N_("Abandoned"),
    "handed_off": N_("Handed to a volunteer"),
    "not_done": N_("Not done (a step could not be carried out)"),
}

AGE_BAND_LABELS: dict[str, str] = {
    "under_25": N_("under 25"),
    "25_44": N_("25-44"),
    "45_64": N_("45-64"),
    "65_74": N_("65-74"),
    "75_plus": N_("75 and over"),
}


def topic_label(topic: str) -> str:
    return _(TOPIC_LABELS[topic]) if topic in TOPIC_LABELS else topic


def outcome_label(outcome: str) -> str:
    return _(OUTCOME_LABELS[outcome]) if outcome in OUTCOME_LABELS else outcome


def run_end_label(ended: str) -> str:
    return _(RUN_END_LABELS[ended]) if ended in RUN_END_LABELS else ended
