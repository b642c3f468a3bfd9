"""Hostile numbers and dates in the staff pages and kiosk headers (#17): a clear 4xx or the value
ignored, never a 500. `str.isdigit()` accepts "²", which `int()` refuses."""

from __future__ import annotations

import httpx
import pytest

from kiosk.hub.deps import whole_number
from tests.hub.conftest import LiveHub
from tests.hub.helpdesk.conftest import new_client
from tests.hub.helpdesk.test_volunteers import _csrf, _login


def _post(client: httpx.Client, page: str, path: str, data: dict[str, str]) -> httpx.Response:
    return client.post(path, data={"csrf_token": _csrf(client.get(page).text), **data})


@pytest.mark.parametrize("text", ["²", "¹²", "٣", "1" * 30, "-1", " ", ""])
def test_whole_number_takes_only_ascii_digits(text: str) -> None:
    assert whole_number(text) is None


def test_whole_number_reads_small_numbers() -> None:
    assert whole_number(" 42 ") == 42
    assert whole_number("0") == 0
    assert whole_number("11", maximum=10) is None


def test_superscript_digits_in_a_kiosk_header_are_ignored(hub: LiveHub) -> None:
    token = hub.enroll()
    for value in ("²", "1" * 30):
        headers = {
            "Authorization": f"Bearer {token}",
            "Kiosk-Outbox-Pending": value.encode("latin-1"),
        }
        assert hub.client.get("/api/v1/kiosk/config", headers=headers).status_code == 200
        response = hub.client.post("/api/v1/records", json={"records": []}, headers=headers)
        assert response.status_code == 200


def test_superscript_digits_in_admin_forms_are_a_400(sqlite_hub: LiveHub) -> None:
    location = sqlite_hub.location_id
    with new_client(sqlite_hub) as client:
        _login(sqlite_hub, client, "admin")
        timeout = _post(client, "/locations", f"/locations/{location}", {"idle_timeout": "1²"})
        assert timeout.status_code == 400
        assert "idle timeout" in timeout.text
        minutes = _post(
            client,
            "/appointments",
            "/appointments/services",
            {"id": "help", "name": "Help", "minutes": "³0"},
        )
        assert minutes.status_code == 400
        capacity = _post(
            client,
            "/appointments",
            "/appointments/openings",
            {
                "location": location,
                "service": "help",
                "weekday": "1",
                "start_time": "10:00",
                "end_time": "12:00",
                "every_minutes": "30",
                "capacity": "²",
            },
        )
        assert capacity.status_code == 400
        # Found by a stranger: the code form took "３０", "٣٠", "30.0" and "1e1" as hours, and
        # "³0" showed Python's own error text.
        for hours in ("３０", "٣٠", "30.0", "1e1", "³0", "0", "721"):
            code = _post(client, "/codes", "/codes", {"location": location, "valid_hours": hours})
            assert code.status_code == 400, hours
            assert "could not convert" not in code.text
            assert "--valid-hours" not in code.text
        made = _post(client, "/codes", "/codes", {"location": location, "valid_hours": "30"})
        assert made.status_code == 200


def test_a_30_digit_booking_id_is_a_4xx(sqlite_hub: LiveHub) -> None:
    with new_client(sqlite_hub) as client:
        _login(sqlite_hub, client, "admin")
        for path in ("/appointments/bookings/{}/cancel", "/appointments/openings/{}/remove"):
            response = _post(client, "/appointments", path.format("9" * 30), {})
            assert 400 <= response.status_code < 500, path


@pytest.mark.parametrize("query", ["to=9999-12-31", "from=0001-01-01&to=0001-01-07"])
def test_far_dates_on_the_dashboard_and_exports_are_refused(
    sqlite_hub: LiveHub, query: str
) -> None:
    with new_client(sqlite_hub) as client:
        _login(sqlite_hub, client, "staff")
        dashboard = client.get(f"/dashboard?{query}")
        assert dashboard.status_code == 200
        assert "dates must be from" in dashboard.text
        for fmt in ("csv", "ido"):
            assert client.get(f"/exports/{fmt}?{query}").status_code == 400
        assert client.get("/appointments?day=9999-12-31").status_code in (200, 400)
