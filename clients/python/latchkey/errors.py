"""The one error every call raises."""

from typing import Optional


class LatchkeyError(Exception):
    """A failed call: the contract's error body (``error``, ``message``, ``required_permission``)
    with the HTTP status (0 when no answer came: ``timeout`` or ``network_error``)."""

    def __init__(self, status: int, error: str, message: str, required_permission: Optional[str] = None,
                 retry_after: Optional[float] = None):
        super().__init__(message or error)
        self.status = status
        self.error = error
        self.message = message
        self.required_permission = required_permission
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return f"LatchkeyError(status={self.status}, error={self.error!r}, message={self.message!r})"
