"""Error pages a person reads: a refusal in plain words, in the reader's language.

The hub's routes refuse with `HTTPException` (a 403 for a missing role, a 404 for an object
outside the user's scope), `HubError` and FastAPI's validation errors; as JSON, that is what
kiosks, `kiosk admin` and scripts need. A browser asks for HTML (`Accept: text/html`), and a
person should not read `{"detail":"this needs the hub_admin role"}`: for such a request outside
`/api/`, the refusal becomes a page with one heading saying what happened and the reason as a
sentence, translated (kiosk.hub.i18n); a reason the catalogs do not know is left out rather
than shown raw. The status code stays the same.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.errors import HubError
from kiosk.hub.i18n import N_, Translator, known_message
from kiosk.hub.staff.auth import current_user
from kiosk.hub.staff.rendering import page_for

#: The heading of each refusal, by status code (others: HEADING_OTHER).
HEADINGS = {
    400: N_("This cannot be done"),
    401: N_("Please log in"),
    403: N_("You may not do this"),
    404: N_("This page does not exist, or it is outside the locations you see"),
    405: N_("This cannot be done"),
    413: N_("What was sent is too large"),
    422: N_("Part of the address or the form is not valid"),
    429: N_("Too many requests: wait a moment, then try again"),
}
HEADING_OTHER = N_("Something went wrong")


def wants_html(request: Request) -> bool:
    """A browser's request for a page (not the API, which answers JSON)."""
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def sentence(t: Translator, reason: object) -> str | None:
    """`reason` (an English message of the catalogs) as a translated sentence, or None."""
    if isinstance(reason, HubError):
        text = t.error(reason)
    elif isinstance(reason, str) and known_message(reason):
        text = t.gettext(reason)
    else:
        return None
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def error_page(request: Request, db: HubDatabase, status_code: int, reason: object) -> HTMLResponse:
    """The page for a refusal with `status_code` and `reason` (detail text or HubError)."""
    user = current_user(request, db)
    page = page_for(request, db, user)
    heading = page.t.gettext(HEADINGS.get(status_code, HEADING_OTHER))
    return page.render(
        "error.html",
        status_code=status_code,
        heading=heading,
        message=sentence(page.t, reason),
    )
