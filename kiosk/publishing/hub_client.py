"""The hub's admin API, as used by `kiosk admin ...`, with the admin token kept in the keyring.

`login()` trades e-mail and password for a revocable token and stores it in the OS keyring
(never in a file), keyed by the hub's URL; `AdminHub(url)` reads it back for every command.
Only a secure keyring is accepted (the same rule as the kiosk's own token).
"""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Mapping

import httpx
import keyring
from keyring.errors import KeyringError

from kiosk.domain.jsontypes import JsonObject
from kiosk.publishing.errors import AdminError

SERVICE = "kiosk-admin-token"
TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def normalize_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise AdminError(f"{url!r} is not a hub address; give https://HOST[:PORT]")
    if url.startswith("http://"):
        host = httpx.URL(url).host
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise AdminError("plain http:// is only allowed to this machine; use https://")
    return url


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    return str(detail) if detail else f"HTTP {response.status_code}"


def login(url: str, email: str, password: str, client: httpx.Client | None = None) -> str:
    """Log in to the hub at `url` as an admin; the token goes to the keyring. Returns expiry."""
    from kiosk.sync.token_store import require_secure_keyring

    url = normalize_url(url)
    backend = require_secure_keyring()
    http = client or httpx.Client(timeout=TIMEOUT)
    try:
        response = http.post(
            f"{url}/api/v1/admin/tokens", json={"email": email, "password": password}
        )
    except httpx.HTTPError as exc:
        raise AdminError(f"cannot reach the hub at {url} ({exc})") from None
    finally:
        if client is None:
            http.close()
    if response.status_code != 201:
        raise AdminError(f"the hub refused the login: {_detail(response)}")
    body = response.json()
    try:
        backend.set_password(SERVICE, url, body["token"])
    except KeyringError as exc:
        raise AdminError(f"the keyring refused to store the admin token ({exc})") from None
    return str(body["expires_at"])


class AdminHub:
    """The admin API of one hub, authenticated with the token from `kiosk admin login`."""

    def __init__(self, url: str, client: httpx.Client | None = None) -> None:
        self.url = normalize_url(url)
        try:
            token = keyring.get_password(SERVICE, self.url)
        except KeyringError as exc:
            raise AdminError(f"the keyring cannot be read ({exc})") from None
        if not token:
            raise AdminError(f"not logged in to {self.url}; run 'kiosk admin login {self.url}'")
        self.token = token
        self.client = client or httpx.Client(timeout=TIMEOUT)
        self._own_client = client is None

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def _call(self, method: str, path: str, json: JsonObject | None = None) -> object:
        """The decoded JSON answer (None for an empty one); AdminError for a refusal."""
        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            response = self.client.request(method, f"{self.url}{path}", headers=headers, json=json)
        except httpx.HTTPError as exc:
            raise AdminError(f"cannot reach the hub at {self.url} ({exc})") from None
        if response.status_code == 401:
            raise AdminError(f"the hub refused the admin token: {_detail(response)}")
        if response.status_code >= 300:
            raise AdminError(f"the hub refused: {_detail(response)}")
        return response.json() if response.content else None

    def _object(self, method: str, path: str, json: JsonObject | None = None) -> dict[str, object]:
        """`_call` for an endpoint that answers with a JSON object."""
        result = self._call(method, path, json)
        if not isinstance(result, dict):
            raise AdminError(f"the hub's answer to {path} is not a JSON object")
        return result

    def online_keys(self, pending: bool = False) -> dict[str, object]:
        if pending:
            return self._object("POST", "/api/v1/tuf/admin/online-keys/next")
        return self._object("GET", "/api/v1/tuf/admin/online-keys")

    def state(self) -> dict[str, object]:
        return self._object("GET", "/api/v1/tuf/admin/state")

    def init(self, root: bytes, targets: bytes) -> dict[str, object]:
        body: JsonObject = {"root": root.decode(), "targets": targets.decode()}
        return self._object("POST", "/api/v1/tuf/admin/init", json=body)

    def publish(
        self, targets: bytes, files: Mapping[str, bytes], root: bytes | None = None
    ) -> dict[str, object]:
        body: JsonObject = {
            "targets": targets.decode(),
            "root": root.decode() if root is not None else None,
            "files": {name: base64.b64encode(data).decode() for name, data in files.items()},
        }
        return self._object("POST", "/api/v1/tuf/admin/publish", json=body)

    def logout(self) -> None:
        self._call("DELETE", "/api/v1/admin/tokens/current")
        with contextlib.suppress(KeyringError):
            keyring.delete_password(SERVICE, self.url)
