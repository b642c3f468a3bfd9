"""Accounts (issue #18): disabling ends sessions and publishing tokens at once, removing keeps
the audit actor, forced resets, own password changes, the password rule, the last admin."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from kiosk.hub.db.models import AuditEntry, StaffSession, User
from kiosk.hub.errors import HubError
from kiosk.hub.staff import accounts, passwords
from kiosk.hub.staff.passwords import PasswordRefused, check_password
from tests.hub.conftest import LiveHub
from tests.hub.staff.test_web import PASSWORD, csrf_of, login, new_client

ADMIN = "boss@example.org"


@contextlib.contextmanager
def admin_client(hub: LiveHub) -> Iterator[httpx.Client]:
    with new_client(hub) as client:
        assert login(hub, client, ADMIN, PASSWORD).status_code == 303
        yield client


def post(client: httpx.Client, path: str, form_page: str, **data: str) -> httpx.Response:
    return client.post(path, data={"csrf_token": csrf_of(client.get(form_page).text), **data})


def token_for(hub: LiveHub, email: str) -> str:
    response = hub.client.post("/api/v1/admin/tokens", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    token: str = response.json()["token"]
    return token


def state_answers(hub: LiveHub, token: str) -> int:
    return hub.client.get(
        "/api/v1/tuf/admin/state", headers={"Authorization": f"Bearer {token}"}
    ).status_code


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("qwerty123456", "most common passwords"),
        ("leavemealone", "most common passwords"),
        ("password2024!", "most common passwords"),
        ("aaaaaaaaaaaa", "too few different characters"),
        ("short-pass", "at least 12 characters"),
        ("annsmith-rocks-42", "contains your e-mail address"),
    ],
)
def test_the_password_rule_says_why(password: str, why: str) -> None:
    with pytest.raises(PasswordRefused, match=why):
        check_password(password, "annsmith@example.org")


def test_a_common_12_character_password_is_refused_on_the_users_page(sqlite_hub: LiveHub) -> None:
    accounts.add_user(sqlite_hub.db, ADMIN, "admin", PASSWORD)
    with admin_client(sqlite_hub) as client:
        new = {"email": "new@example.org", "role": "staff"}
        refused = post(client, "/users", "/users", **new, password="qwerty123456")
        assert refused.status_code == 400
        assert "one of the most common passwords" in refused.text
        added = post(client, "/users", "/users", **new, password=PASSWORD)
        assert added.status_code == 303
    assert [u.email for u in accounts.list_users(sqlite_hub.db)] == [ADMIN, "new@example.org"]


def test_disabling_ends_sessions_and_tokens_at_once(sqlite_hub: LiveHub) -> None:
    accounts.add_user(sqlite_hub.db, ADMIN, "admin", PASSWORD)
    accounts.add_user(sqlite_hub.db, "pub@example.org", "admin", PASSWORD)
    token = token_for(sqlite_hub, "pub@example.org")
    with new_client(sqlite_hub) as browser:
        assert login(sqlite_hub, browser, "pub@example.org", PASSWORD).status_code == 303
        assert browser.get("/dashboard").status_code == 200
        assert state_answers(sqlite_hub, token) != 401

        accounts.disable_user(sqlite_hub.db, "pub@example.org")

        assert browser.get("/dashboard").status_code == 303  # the very next request
        assert state_answers(sqlite_hub, token) == 401
        assert login(sqlite_hub, browser, "pub@example.org", PASSWORD).status_code == 401
    with sqlite_hub.db.sessions() as session:
        assert session.scalars(select(StaffSession)).all() == []

    accounts.enable_user(sqlite_hub.db, "pub@example.org")
    with new_client(sqlite_hub) as browser:
        assert login(sqlite_hub, browser, "pub@example.org", PASSWORD).status_code == 303
    assert state_answers(sqlite_hub, token) == 401  # a revoked token stays revoked


def test_removing_anonymises_but_keeps_the_audit_actor(sqlite_hub: LiveHub) -> None:
    accounts.add_user(sqlite_hub.db, ADMIN, "admin", PASSWORD)
    user_id = accounts.add_user(sqlite_hub.db, "leaver@example.org", "staff", PASSWORD)
    with new_client(sqlite_hub) as client:
        assert login(sqlite_hub, client, "leaver@example.org", PASSWORD).status_code == 303
    with admin_client(sqlite_hub) as client:
        assert post(client, f"/users/{user_id}/remove", "/users").status_code == 303
        assert "leaver@example.org" not in client.get("/users").text
        log = client.get("/audit", params={"action": "login.ok"}).text
    assert f"removed-{user_id}@removed.invalid" in log
    with sqlite_hub.db.sessions() as session:
        user = session.get(User, user_id)
        assert user is not None
        assert user.email == f"removed-{user_id}@removed.invalid"
        assert user.disabled_at is not None
        assert user.password_hash == "!"
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.actor_user_id == user_id)
        ).all()
    assert "login.ok" in actions
    with new_client(sqlite_hub) as client:
        assert login(sqlite_hub, client, "leaver@example.org", PASSWORD).status_code == 401


def test_forced_reset_then_the_user_chooses_their_own(sqlite_hub: LiveHub) -> None:
    accounts.add_user(sqlite_hub.db, ADMIN, "admin", PASSWORD)
    user_id = accounts.add_user(sqlite_hub.db, "fay@example.org", "staff", PASSWORD)
    with admin_client(sqlite_hub) as client:
        page = post(client, f"/users/{user_id}/reset", "/users")
    match = re.search(r'id="one-time-password">([^<]+)<', page.text)
    assert match, page.text[:2000]
    with new_client(sqlite_hub) as client:
        assert login(sqlite_hub, client, "fay@example.org", PASSWORD).status_code == 401
        first = login(sqlite_hub, client, "fay@example.org", match.group(1))
        assert first.headers["location"] == "/account/password"
        assert client.get("/dashboard").headers["location"] == "/account/password"
        common = post(
            client,
            "/account/password",
            "/account/password",
            current=match.group(1),
            new="qwerty123456",
            again="qwerty123456",
        )
        assert common.status_code == 400
        assert "most common passwords" in common.text
        new = "a brand new sentence"
        one_time = match.group(1)
        # Keeping the one-time password would leave the admin knowing it (found by a stranger).
        same = post(
            client,
            "/account/password",
            "/account/password",
            current=one_time,
            new=one_time,
            again=one_time,
        )
        assert same.status_code == 400
        assert "different from the current one" in same.text
        done = post(
            client, "/account/password", "/account/password", current=one_time, new=new, again=new
        )
        assert done.status_code == 303
        assert client.get("/dashboard").status_code == 200


def test_a_user_changes_their_own_password(sqlite_hub: LiveHub) -> None:
    accounts.add_user(sqlite_hub.db, "gus@example.org", "staff", PASSWORD)
    new = "another long phrase"
    with new_client(sqlite_hub) as other, new_client(sqlite_hub) as client:
        assert login(sqlite_hub, other, "gus@example.org", PASSWORD).status_code == 303
        assert login(sqlite_hub, client, "gus@example.org", PASSWORD).status_code == 303
        wrong = post(
            client, "/account/password", "/account/password", current="nope", new=new, again=new
        )
        assert "current password is not right" in wrong.text
        done = post(
            client, "/account/password", "/account/password", current=PASSWORD, new=new, again=new
        )
        assert done.status_code == 200
        assert 'id="password-changed"' in done.text
        assert client.get("/dashboard").status_code == 200  # this session stays
        assert other.get("/dashboard").status_code == 303  # the other one ended
    with new_client(sqlite_hub) as client:
        assert login(sqlite_hub, client, "gus@example.org", new).status_code == 303


def test_the_last_admin_cannot_be_disabled_removed_or_demoted(sqlite_hub: LiveHub) -> None:
    accounts.add_user(sqlite_hub.db, ADMIN, "admin", PASSWORD)
    for change in (
        lambda: accounts.disable_user(sqlite_hub.db, ADMIN),
        lambda: accounts.remove_user(sqlite_hub.db, ADMIN),
        lambda: accounts.set_role(sqlite_hub.db, ADMIN, "staff"),
    ):
        with pytest.raises(HubError, match="last enabled admin"):
            change()
    accounts.add_user(sqlite_hub.db, "second@example.org", "admin", PASSWORD)
    assert accounts.set_role(sqlite_hub.db, ADMIN, "staff").role == "staff"


def test_staff_cannot_reach_the_users_or_audit_pages(sqlite_hub: LiveHub) -> None:
    accounts.add_user(sqlite_hub.db, "hal@example.org", "staff", PASSWORD)
    with new_client(sqlite_hub) as client:
        login(sqlite_hub, client, "hal@example.org", PASSWORD)
        for path in ("/users", "/audit", "/audit.csv"):
            assert client.get(path).status_code == 403, path
        token = csrf_of(client.get("/dashboard").text)
        assert client.post("/users/1/disable", data={"csrf_token": token}).status_code == 403


def test_an_admin_cannot_lock_themselves_out_on_the_page(sqlite_hub: LiveHub) -> None:
    admin_id = accounts.add_user(sqlite_hub.db, ADMIN, "admin", PASSWORD)
    accounts.add_user(sqlite_hub.db, "second@example.org", "admin", PASSWORD)
    with admin_client(sqlite_hub) as client:
        refused = post(client, f"/users/{admin_id}/disable", "/users")
        assert refused.status_code == 400
        assert client.get("/dashboard").status_code == 200


@given(password=st.text(max_size=40), local=st.from_regex(r"[a-z]{3,10}", fullmatch=True))
@settings(max_examples=200, deadline=None)
def test_an_accepted_password_always_follows_the_rule(password: str, local: str) -> None:
    reason = ""
    try:
        check_password(password, f"{local}@example.org")
    except PasswordRefused as refused:
        reason = str(refused)
    if reason:  # refused, always with a reason
        return
    assert len(password) >= 12
    assert len(set(password)) >= 5
    assert local not in password.lower()
    assert password.lower() not in passwords.common_passwords()


def test_users_page_sets_what_a_user_sees_and_audits_it(sqlite_hub: LiveHub) -> None:
    """The Users page's "Sees" box takes organisation and location names, one per line."""
    from kiosk.hub.locations import add_location
    from kiosk.hub.organisations import add_organisation, grants_of

    hub = sqlite_hub
    accounts.add_user(hub.db, ADMIN, "hub_admin", PASSWORD)
    staff_id = accounts.add_user(hub.db, "ann@example.org", "staff", PASSWORD)
    org = add_organisation(hub.db, "Bibliotheek Gent")
    gent = add_location(hub.db, "Gent Zuid", org)
    breda = add_location(hub.db, "Breda Noord")
    with admin_client(hub) as client:
        answer = post(
            client,
            f"/users/{staff_id}/scope",
            "/users",
            scope="Bibliotheek Gent\n  Breda Noord  \n",
        )
        assert answer.status_code == 303, answer.text[:500]
        page = client.get("/users").text
        assert "organisation: Bibliotheek Gent\nBreda Noord" in page
        # A name that is both an organisation and a location is refused (found by a stranger).
        add_location(hub.db, "Bibliotheek Gent", org)
        both = post(client, f"/users/{staff_id}/scope", "/users", scope="Bibliotheek Gent")
        assert both.status_code == 400
        assert "both an organisation and a location" in both.text
        prefixed = post(
            client, f"/users/{staff_id}/scope", "/users", scope="location: Bibliotheek Gent"
        )
        assert prefixed.status_code == 303
        assert grants_of(hub.db, staff_id).organisations == ()
        post(
            client,
            f"/users/{staff_id}/scope",
            "/users",
            scope="organisation: Bibliotheek Gent\nBreda Noord",
        )
        refused = post(client, f"/users/{staff_id}/scope", "/users", scope="Nowhere")
        assert refused.status_code == 400
        assert "neither an organisation nor a location" in refused.text
    grants = grants_of(hub.db, staff_id)
    assert grants.organisations == (org,)
    assert grants.locations == (breda,)
    assert gent != breda
    with hub.db.sessions() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("user.scope_changed") == 3  # the two saves and the prefixed one
    assert {"organisation.added", "location.added"} <= set(actions)
