"""The kiosk's look: colours, type sizes and the Qt style sheet built from them.

Large type (20 pt body at 100 %), high contrast, calm colours, and big touch targets. Screens use
object names and dynamic properties (`role="primary"`, `role="tile"`) rather than their own
style sheets, so the theme, the text scale (100/150/200 %) and high contrast apply everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QColor, QFont, QFontDatabase

from kiosk import resources
from kiosk.ui.widgets.sizes import MIN_TARGET_PX

#: One colour per guide category (docs/guide-format.md); dark enough for white text on top.
CATEGORY_COLOURS: dict[str, str] = {
    "energy": "#A15C00",
    "money": "#2E6B30",
    "government": "#1B4F9C",
    "health": "#B02A2A",
    "work": "#6A2C91",
    "housing": "#7A4E2D",
    "mobility": "#006B75",
    "communication": "#4A3A9C",
    "safety": "#B23C00",
    "other": "#4A5A63",
}

#: Order of the category groups on the home screen.
CATEGORY_ORDER: tuple[str, ...] = (
    "government",
    "energy",
    "money",
    "health",
    "communication",
    "work",
    "housing",
    "mobility",
    "safety",
    "other",
)


@dataclass(frozen=True)
class Palette:
    background: str = "#F4F1EA"
    surface: str = "#FFFFFF"
    text: str = "#1B1B1B"
    muted: str = "#4A4A4A"
    header: str = "#163A5F"
    header_text: str = "#FFFFFF"
    primary: str = "#14538A"
    primary_text: str = "#FFFFFF"
    secondary: str = "#E4E0D6"
    secondary_text: str = "#1B1B1B"
    border: str = "#B9B3A6"
    #: Focus rings (WCAG 2.4.13): every ring is 6 px wide, and at least 4 px of it differ by
    #: 3:1 or more from the same pixels unfocused (`tests/ui/a11y/test_focus_visible.py`).
    focus: str = "#1B1B1B"  # on the page, cards, fields and secondary buttons
    focus_on_primary: str = "#FFB000"  # on primary and chosen (checked) buttons
    focus_on_header: str = "#FFB000"  # on the dark header
    danger: str = "#A4161A"
    success: str = "#1E6B34"
    warning_bg: str = "#FFF4D6"
    backdrop: str = "rgba(10, 20, 35, 170)"


HIGH_CONTRAST = Palette(
    background="#000000",
    surface="#000000",
    text="#FFFFFF",
    muted="#FFFFFF",
    header="#000000",
    header_text="#FFFF00",
    primary="#FFFF00",
    primary_text="#000000",
    secondary="#000000",
    secondary_text="#FFFFFF",
    border="#FFFFFF",
    focus="#00FFFF",
    focus_on_primary="#0000FF",
    focus_on_header="#00FFFF",
    danger="#FF6B6B",
    success="#7CFC00",
    warning_bg="#000000",
    backdrop="rgba(0, 0, 0, 220)",
)


@dataclass(frozen=True)
class Theme:
    scale: float = 1.0
    high_contrast: bool = False
    palette: Palette = field(default_factory=Palette)

    @classmethod
    def create(cls, text_scale: int = 100, high_contrast: bool = False) -> Theme:
        return cls(
            scale=text_scale / 100,
            high_contrast=high_contrast,
            palette=HIGH_CONTRAST if high_contrast else Palette(),
        )

    def pt(self, size: float) -> int:
        """A font size in points at this theme's text scale."""
        return round(size * self.scale)

    def font(self, size: float = 20, *, bold: bool = False) -> QFont:
        font = QFont(font_family())
        font.setPointSize(self.pt(size))
        font.setBold(bold)
        return font

    def category_colour(self, category: str) -> QColor:
        """The background behind a category's icon (plain surface in high contrast)."""
        if self.high_contrast:
            return QColor(self.palette.surface)
        return QColor(CATEGORY_COLOURS.get(category, CATEGORY_COLOURS["other"]))

    def category_text_colour(self, category: str) -> QColor:
        """The colour of a category's name on a tile (the text colour in high contrast: the
        surface colour there would be black on black)."""
        if self.high_contrast:
            return QColor(self.palette.text)
        return self.category_colour(category)

    def check_mark(self) -> str:
        """The check mark of a checked check box, in the primary text colour (a file for QSS)."""
        name = "white" if self.palette.primary_text.upper() == "#FFFFFF" else "black"
        return resources.resource_path(f"icons/check-{name}.svg").as_posix()

    def stylesheet(self) -> str:
        p = self.palette
        body = self.pt(20)
        return f"""
* {{ font-family: "{font_family()}"; }}
QWidget#KioskRoot, QWidget#Screen, QScrollArea, QScrollArea > QWidget > QWidget {{
    background: {p.background}; color: {p.text};
}}
QLabel {{ color: {p.text}; font-size: {body}pt; background: transparent; }}
QLabel[role="title"] {{ font-size: {self.pt(30)}pt; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {self.pt(24)}pt; font-weight: bold; }}
QLabel[role="muted"] {{ color: {p.muted}; font-size: {self.pt(18)}pt; }}
QLabel[role="warning"] {{
    background: {p.warning_bg}; color: {p.text}; border: 3px solid {p.danger};
    border-radius: 10px; padding: 12px; font-size: {body}pt;
}}
QLabel[role="error"] {{ color: {p.danger}; font-size: {self.pt(18)}pt; font-weight: bold; }}
QFrame#Header {{ background: {p.header}; }}
QFrame#Header QLabel {{ color: {p.header_text}; }}
QLabel#LocationName {{ font-size: {self.pt(22)}pt; font-weight: bold; }}
QFrame#SessionBar {{ background: {p.warning_bg}; border-bottom: 3px solid {p.primary}; }}
QLabel#SessionTime {{ font-weight: bold; }}
QPushButton {{
    font-size: {body}pt; min-height: {max(MIN_TARGET_PX, self.pt(56))}px;
    padding: 6px 22px; border-radius: 12px;
    background: {p.secondary}; color: {p.secondary_text}; border: 2px solid {p.border};
}}
QPushButton:hover {{ border-color: {p.primary}; }}
QPushButton:pressed {{ background: {p.border}; }}
QPushButton:disabled {{ color: {p.muted}; background: {p.background}; border-style: dashed; }}
QPushButton:checked {{
    background: {p.primary}; color: {p.primary_text}; border-color: {p.primary};
    font-weight: bold;
}}
QPushButton[role="primary"] {{
    background: {p.primary}; color: {p.primary_text}; border-color: {p.primary};
    font-weight: bold;
}}
QPushButton[role="primary"]:disabled {{
    background: {p.secondary}; color: {p.muted}; border-color: {p.border};
}}
QLabel[role="button-text"][tone="secondary"] {{ color: {p.secondary_text}; }}
QLabel[role="button-text"][tone="primary"] {{ color: {p.primary_text}; font-weight: bold; }}
QLabel[role="button-text"][tone="disabled"] {{ color: {p.muted}; }}
QPushButton[role="header"] {{
    background: transparent; color: {p.header_text}; border: 2px solid {p.header_text};
    font-size: {self.pt(18)}pt;
}}
QPushButton[role="tile"] {{
    background: {p.surface}; color: {p.text}; border: 2px solid {p.border};
    border-radius: 16px; padding: 0px; text-align: left;
}}
QPushButton[role="tile"]:hover {{ border: 3px solid {p.primary}; }}
QPushButton[role="tile"] QLabel {{ color: {p.text}; }}
QLabel[role="tile-title"] {{ font-size: {self.pt(22)}pt; font-weight: bold; }}
QLabel[role="tile-summary"] {{ font-size: {self.pt(17)}pt; color: {p.muted}; }}
QLabel[role="tile-category"] {{ font-size: {self.pt(14)}pt; font-weight: bold; }}
QLabel[role="tile-meta"] {{ font-size: {self.pt(16)}pt; color: {p.muted}; }}
QWidget#Backdrop {{ background: {p.backdrop}; }}
QFrame#Card, QDialog#Card {{
    background: {p.surface}; border: 3px solid {p.border}; border-radius: 20px;
}}
QLineEdit, QComboBox, QSpinBox {{
    font-size: {body}pt; min-height: {max(MIN_TARGET_PX, self.pt(52))}px; padding: 4px 12px;
    background: {p.surface}; color: {p.text}; border: 2px solid {p.border}; border-radius: 8px;
}}
QCheckBox, QRadioButton {{
    font-size: {body}pt; min-height: {MIN_TARGET_PX}px; spacing: 14px;
    border: 4px solid transparent; border-radius: 8px; padding: 2px 6px;
}}
QScrollArea[role="reading"] {{ border: 4px solid transparent; border-radius: 8px; }}
QPushButton[role="more-below"] {{
    background: {p.primary}; color: {p.primary_text}; font-weight: bold;
    font-size: {self.pt(16)}pt; min-height: {MIN_TARGET_PX}px; border-radius: 16px;
    border: 3px solid {p.background}; padding: 2px 20px;
}}
QAbstractItemView {{ border: 2px solid {p.border}; border-radius: 8px; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 36px; height: 36px; }}
QCheckBox::indicator {{
    border: 3px solid {p.text}; border-radius: 6px; background: {p.surface};
}}
QCheckBox::indicator:checked {{
    border-color: {p.primary}; background: {p.primary}; image: url("{self.check_mark()}");
}}
QProgressBar {{
    border: 2px solid {p.border}; border-radius: 8px; background: {p.surface};
    min-height: 20px; max-height: 20px; text-align: center; font-size: {self.pt(12)}pt;
}}
QProgressBar::chunk {{ background: {p.primary}; border-radius: 6px; }}
QScrollBar:vertical {{ width: 28px; background: {p.secondary}; }}
QScrollBar::handle:vertical {{ background: {p.border}; min-height: 60px; border-radius: 8px; }}
QScrollBar[role="tasks"]:vertical {{ width: 48px; }}
QScrollBar[role="tasks"]::handle:vertical {{ min-height: 96px; }}
{self._focus_rules()}"""

    def _focus_rules(self) -> str:
        """The focus rings, last, so that no role's colours hide them: 6 px wide (the padding
        shrinks as much, so nothing moves), in a colour that stands out from what was there.
        The style's own focus rectangle is off (`outline: none`): it drew a grey box behind a
        focused button's text, plainest in high contrast; the ring says it all."""
        p = self.palette
        return f"""
QPushButton {{ outline: none; }}
QPushButton:focus {{ border: 6px solid {p.focus}; padding: 2px 18px; }}
QPushButton:checked:focus, QPushButton[role="primary"]:focus {{
    border: 6px solid {p.focus_on_primary}; padding: 2px 18px;
}}
QPushButton[role="header"]:focus {{
    border: 6px solid {p.focus_on_header}; padding: 2px 18px;
}}
QPushButton[role="tile"]:focus {{ border: 6px solid {p.focus}; padding: 0px; }}
QPushButton[role="more-below"]:focus {{ border: 6px solid {p.focus}; padding: 0px 17px; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus {{
    border: 6px solid {p.focus}; padding: 0px 8px;
}}
QCheckBox:focus, QRadioButton:focus {{ border: 6px solid {p.focus}; padding: 0px 4px; }}
QScrollArea[role="reading"]:focus {{ border: 6px solid {p.focus}; }}
QAbstractItemView:focus {{ border: 6px solid {p.focus}; }}
"""


_family: str | None = None


def font_family() -> str:
    """The UI font: Noto Sans where installed (covers Arabic and Cyrillic), else DejaVu Sans."""
    global _family
    if _family is None:
        families = set(QFontDatabase.families())
        _family = next(
            (name for name in ("Noto Sans", "DejaVu Sans") if name in families), "Sans Serif"
        )
    return _family
