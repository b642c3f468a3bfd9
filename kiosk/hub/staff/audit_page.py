"""The audit log page for admins (`/audit`, with filters and paging) and its CSV (`/audit.csv`).

Read-only: there is no route that changes or deletes an entry (kiosk.hub.audit). Downloading
the CSV is itself audited (`audit.exported`).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kiosk.hub.audit import ACTIONS, PAGE_SIZE, AuditFilters, audit, by_user, client_of, entries_csv
from kiosk.hub.audit import entries as audit_entries
from kiosk.hub.deps import AdminDep, DbDep, PageDep, SettingsDep, whole_number
from kiosk.hub.errors import HubError
from kiosk.hub.i18n import N_
from kiosk.hub.staff.audit_labels import action_label, detail_text

router = APIRouter(include_in_schema=False)


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise HubError(N_("dates must look like 2025-01-31")) from None
    if not 1970 <= day.year <= 2999:
        raise HubError(N_("dates must be between the years 1970 and 2999"))
    return day


def parse_filters(request: Request) -> tuple[AuditFilters, HubError | None]:
    params = request.query_params
    action = params.get("action") or None
    page = whole_number(params.get("page", "1"), maximum=1_000_000) or 1
    try:
        if action is not None and action not in ACTIONS:
            raise HubError(N_("unknown action"))
        filters = AuditFilters(
            start=_day(params.get("from")),
            end=_day(params.get("to")),
            action=action,
            actor=(params.get("actor") or "").strip()[:254] or None,
            page=page,
        )
    except HubError as exc:
        return AuditFilters(), exc
    return filters, None


def _query(filters: AuditFilters) -> str:
    pairs = {
        "from": filters.start.isoformat() if filters.start else "",
        "to": filters.end.isoformat() if filters.end else "",
        "action": filters.action or "",
        "actor": filters.actor or "",
    }
    return urlencode({key: value for key, value in pairs.items() if value})


@router.get("/audit", response_class=HTMLResponse)
def audit_log_page(
    request: Request, db: DbDep, settings: SettingsDep, _user: AdminDep, page: PageDep
) -> HTMLResponse:
    filters, error = parse_filters(request)
    rows, total = audit_entries(db, filters)
    return page.render(
        "audit.html",
        status_code=400 if error else 200,
        filters=filters,
        error=page.t.error(error) if error else None,
        rows=rows,
        labels={row.id: action_label(page.t, row.action) for row in rows},
        details={row.id: detail_text(page.t, row.data) for row in rows},
        total=total,
        actions=sorted(
            ((action, action_label(page.t, action)) for action in ACTIONS),
            key=lambda pair: pair[1].casefold(),
        ),
        query=_query(filters),
        page_size=PAGE_SIZE,
        retention_months=settings.audit_retention_months,
    )


@router.get("/audit.csv")
def audit_log_csv(request: Request, db: DbDep, user: AdminDep) -> Response:
    filters, error = parse_filters(request)
    if error:
        raise error
    text = entries_csv(db, filters)
    audit(
        db,
        "audit.exported",
        by_user(user.id),
        client=client_of(request, db),
        details={"filters": _query(filters)},
    )
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="kiosk-audit.csv"'},
    )
