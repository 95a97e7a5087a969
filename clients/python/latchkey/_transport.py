"""The one place requests are made, with the standard library's urllib: a timeout per attempt,
bounded retries of 429 and 503 answers after their Retry-After, and every non-2xx answer raised
as a LatchkeyError."""

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Optional, Tuple

from .errors import LatchkeyError

RETRIED = (429, 503)


class Transport:
    def __init__(self, base_url: str, key: str, timeout: float = 10.0, retries: int = 2, max_retry_wait: float = 10.0):
        if not base_url:
            raise ValueError("base_url is required, such as https://keys.example.com")
        self._base = base_url.rstrip("/")
        self._key = key
        self._timeout = timeout
        self._retries = retries
        self._max_retry_wait = max_retry_wait

    def json(self, method: str, path: str, body: Any = None, query: Optional[Dict[str, Any]] = None) -> Any:
        """The parsed JSON answer of a call that must succeed (None for an empty one)."""
        status, headers, text = self._send(method, path, body, query)
        parsed = json.loads(text) if text else None
        if status >= 300:
            raise _error_of(status, headers, parsed)
        return parsed

    def _send(self, method: str, path: str, body: Any, query: Optional[Dict[str, Any]]) -> Tuple[int, Dict[str, str], str]:
        url = self._base + path
        if query:
            kept = {name: value for name, value in query.items() if value is not None}
            if kept:
                url += "?" + urllib.parse.urlencode(kept)
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"x-api-key": self._key, "accept": "application/json"}
        if data is not None:
            headers["content-type"] = "application/json"
        attempt = 0
        while True:
            request = urllib.request.Request(url, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self._timeout) as answer:
                    return answer.status, dict(answer.headers.items()), answer.read().decode("utf-8")
            except urllib.error.HTTPError as refused:
                status, answer_headers, text = refused.code, dict(refused.headers.items()), refused.read().decode("utf-8")
            except (socket.timeout, TimeoutError) as cause:
                raise LatchkeyError(0, "timeout", f"No answer within {self._timeout} s") from cause
            except urllib.error.URLError as cause:
                if isinstance(cause.reason, (socket.timeout, TimeoutError)):
                    raise LatchkeyError(0, "timeout", f"No answer within {self._timeout} s") from cause
                raise LatchkeyError(0, "network_error", f"The request failed: {cause.reason}") from cause
            wait = _retry_after(answer_headers)
            if status in RETRIED and attempt < self._retries and wait is not None and wait <= self._max_retry_wait:
                attempt += 1
                time.sleep(wait)
                continue
            return status, answer_headers, text


def _retry_after(headers: Dict[str, str]) -> Optional[float]:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            try:
                return max(0.0, float(value))
            except ValueError:
                return None
    return None


def _error_of(status: int, headers: Dict[str, str], body: Any) -> LatchkeyError:
    body = body if isinstance(body, dict) else {}
    return LatchkeyError(status, body.get("error", "http_" + str(status)), body.get("message", f"HTTP {status}"),
                         body.get("required_permission"), _retry_after(headers))
