"""Offline verification of Latchkey access tokens with PyJWT: the JWKS is fetched once per URL
(and again when a token names a key id it does not hold); every token is then checked in memory."""

from typing import Any, Dict, List, Optional

import jwt

_KEY_SETS: Dict[str, "jwt.PyJWKClient"] = {}


def verify_access_token(token: str, jwks_url: str, audience: str, scopes: Optional[List[str]] = None,
                        environment: str = "live", key_type: str = "sk") -> Dict[str, Any]:
    """The claims of a genuine, current access token meant for ``audience`` (the Latchkey
    application id), of the given environment and key type, holding every scope asked; raises
    ``jwt.InvalidTokenError`` (or a subclass) otherwise."""
    if not jwks_url:
        raise ValueError("jwks_url is required, such as https://keys.example.com/.well-known/jwks.json")
    if not audience:
        raise ValueError("audience (the Latchkey application id) is required")
    keys = _KEY_SETS.get(jwks_url)
    if keys is None:
        keys = _KEY_SETS.setdefault(jwks_url, jwt.PyJWKClient(jwks_url))
    try:
        signing_key = keys.get_signing_key_from_jwt(token)
    except jwt.PyJWKClientError as unknown:
        # no published key signed it (or the key set could not be read): not a token to trust
        raise jwt.InvalidTokenError(f"no signing key of the issuer matches: {unknown}") from unknown
    claims = jwt.decode(token, signing_key.key, algorithms=["RS256", "ES256"], audience=audience, issuer="latchkey",
                        options={"require": ["sub", "aud", "exp", "application_id", "env", "type", "scopes"]})
    if claims.get("token_use") != "access":
        raise jwt.InvalidTokenError("not an access token")
    if claims["env"] != environment:
        raise jwt.InvalidTokenError(f"a {claims['env']} token, this API serves {environment}")
    if claims["type"] != key_type:
        raise jwt.InvalidTokenError(f"a token of a {claims['type']} key, this API takes {key_type}")
    missing = [scope for scope in (scopes or []) if scope not in claims["scopes"]]
    if missing:
        raise jwt.InvalidTokenError("missing scopes: " + ", ".join(missing))
    return claims
