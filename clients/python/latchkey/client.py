"""The client: ``Latchkey(secret_key=..., base_url=...)`` with ``.keys``, ``.auth`` and ``.data``."""

import re
from typing import Any, Dict, List, Optional

from ._transport import Transport
from .errors import LatchkeyError

# a secret key, after the operator's LATCHKEY_KEY_PREFIX when the deployment sets one
_SECRET_KEY = re.compile(r"^(?:[a-z0-9]{1,12}_)?sk_(?:live|test)_")


def _without_success(body: Any) -> Any:
    if isinstance(body, dict):
        return {name: value for name, value in body.items() if name != "success"}
    return body


class Latchkey:
    """A server's client, with a secret key: it must never reach a browser."""

    def __init__(self, secret_key: str, base_url: str, timeout: float = 10.0, retries: int = 2, max_retry_wait: float = 10.0):
        if not isinstance(secret_key, str) or not _SECRET_KEY.match(secret_key):
            raise LatchkeyError(0, "invalid_api_key", "secret_key must be a secret key (sk_live_... or sk_test_...)")
        http = Transport(base_url, secret_key, timeout, retries, max_retry_wait)
        self.keys = _Keys(http)
        self.auth = _Auth(http)
        self.data = _Data(http)


class _Keys:
    def __init__(self, http: Transport):
        self._http = http

    def verify(self, key: str, scopes: Optional[List[str]] = None, origin: Optional[str] = None, ip: Optional[str] = None,
               cost: Optional[int] = None) -> Dict[str, Any]:
        """Judges a key presented to your own API: the verify answer (``valid``, ``code``, scopes, ...).
        An invalid key is an answer (``valid`` false), not an error."""
        body = {"key": key, "scopes": scopes, "origin": origin, "ip": ip, "cost": cost}
        return _without_success(self._http.json("POST", "/api/v1/keys/verify", {k: v for k, v in body.items() if v is not None}))

    def self(self) -> Dict[str, Any]:
        """What this client's own key is and may do."""
        return _without_success(self._http.json("GET", "/api/v1/keys/self"))


class _Auth:
    def __init__(self, http: Transport):
        self._http = http

    def token(self) -> Dict[str, Any]:
        """``{access_token, token_type, expires_in}``: a short-lived token your own APIs check offline."""
        return _without_success(self._http.json("POST", "/api/v1/auth/token", {}))


class _Data:
    """The data API with the secret key (row-level security does not apply to it)."""

    def __init__(self, http: Transport):
        self._http = http

    def list(self, collection: str, limit: Optional[int] = None, after: Optional[str] = None) -> Dict[str, Any]:
        """``{data, next}``: a page of documents; pass ``next`` as ``after`` for the following page."""
        answer = self._http.json("GET", f"/api/data/{collection}", query={"limit": limit, "after": after})
        return {"data": answer["data"], "next": answer.get("next")}

    def get(self, collection: str, document_id: str) -> Dict[str, Any]:
        return self._http.json("GET", f"/api/data/{collection}/{document_id}")["data"]

    def create(self, collection: str, document: Dict[str, Any]) -> Dict[str, Any]:
        return self._http.json("POST", f"/api/data/{collection}", document)["data"]

    def replace(self, collection: str, document_id: str, document: Dict[str, Any]) -> Dict[str, Any]:
        return self._http.json("PUT", f"/api/data/{collection}/{document_id}", document)["data"]

    def update(self, collection: str, document_id: str, patch: Dict[str, Any]) -> Dict[str, Any]:
        return self._http.json("PATCH", f"/api/data/{collection}/{document_id}", patch)["data"]

    def delete(self, collection: str, document_id: str) -> None:
        self._http.json("DELETE", f"/api/data/{collection}/{document_id}")
