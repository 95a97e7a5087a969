"""Latchkey's server client (CONTRACT section 18): a secret key on a server or serverless function."""

from .client import Latchkey
from .errors import LatchkeyError
from .tokens import verify_access_token

__all__ = ["Latchkey", "LatchkeyError", "verify_access_token"]
