"""The Python client against a packaged Latchkey (CONTRACT section 18): verify with every code,
keys.self, access tokens checked offline (and refused for another audience, environment, key type
or scope), the data API with a restricted key, and retries after Retry-After."""

import time
import unittest
import uuid
from datetime import datetime, timedelta, timezone

import jwt

from latchkey import Latchkey, LatchkeyError, verify_access_token
from tests.service import Service

service = None


def setUpModule():
    global service
    service = Service()


def tearDownModule():
    service.stop()


class ClientTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tenant = "python-" + uuid.uuid4().hex[:12]
        service.admin("POST", "/api/v1/tenants", {"id": cls.tenant, "name": "Python"})
        cls.app = service.admin("POST", "/api/v1/applications", {"name": "Python client", "allowed_origins": ["https://app.example.com"]},
                                cls.tenant)
        service.admin("PATCH", f"/api/v1/applications/{cls.app['id']}", {"scopes": ["links:read", "links:write"]}, cls.tenant)
        cls.secret = cls.app["keys"]["live"]["secret_key"]
        cls.client = Latchkey(secret_key=cls.secret, base_url=service.url)

    def new_key(self, **fields):
        return service.admin("POST", f"/api/v1/applications/{self.app['id']}/keys",
                             {"name": "key " + uuid.uuid4().hex[:6], "environment": "live", **fields}, self.tenant)

    def test_keys_self(self):
        me = self.client.keys.self()
        self.assertEqual(("sk", "live", self.app["id"]), (me["type"], me["environment"], me["application_id"]))
        self.assertNotIn("success", me)

    def test_verify_answers_every_code(self):
        verify = self.client.keys.verify
        self.assertEqual("VALID", verify(self.new_key()["secret_key"], scopes=["links:read"])["code"])
        self.assertEqual("INVALID", verify("sk_live_" + "a" * 38)["code"])
        revoked = self.new_key()
        service.admin("DELETE", f"/api/v1/applications/{self.app['id']}/keys/{revoked['id']}", tenant=self.tenant)
        self.assertEqual("REVOKED", verify(revoked["secret_key"])["code"])
        expiring = self.new_key(expires_at=(datetime.now(timezone.utc) + timedelta(seconds=2)).isoformat())
        deadline = time.monotonic() + 10
        while verify(expiring["secret_key"])["code"] != "EXPIRED":
            self.assertLess(time.monotonic(), deadline, "the key expires within 10 s of its expires_at")
            time.sleep(0.1)
        self.assertEqual("INSUFFICIENT_SCOPES", verify(self.new_key(scopes=["links:read"])["secret_key"], scopes=["links:write"])["code"])
        publishable = self.app["keys"]["live"]["publishable_key"]
        self.assertEqual("ORIGIN_NOT_ALLOWED", verify(publishable, origin="https://evil.example.com")["code"])
        self.assertEqual("VALID", verify(publishable, origin="https://app.example.com")["code"])
        self.assertEqual("SECRET_KEY_IN_BROWSER", verify(self.new_key()["secret_key"], origin="https://app.example.com")["code"])
        limited = self.new_key(rate_limit={"limit": 1, "window_seconds": 60})["secret_key"]
        self.assertEqual("VALID", verify(limited)["code"])
        self.assertEqual("RATE_LIMITED", verify(limited)["code"])
        self.assertEqual("DISABLED", verify(self.new_key(enabled=False)["secret_key"])["code"])
        self.assertEqual("USAGE_EXCEEDED", verify(self.new_key(credits={"remaining": 0})["secret_key"])["code"])
        self.assertEqual("IP_NOT_ALLOWED", verify(self.new_key(ip_allowlist=["203.0.113.0/24"])["secret_key"], ip="198.51.100.7")["code"])

    def test_access_tokens_verify_offline_and_refuse_what_is_not_theirs(self):
        jwks = service.url + "/.well-known/jwks.json"
        token = self.client.auth.token()
        self.assertEqual("Bearer", token["token_type"])
        claims = verify_access_token(token["access_token"], jwks_url=jwks, audience=self.app["id"], scopes=["links:write"])
        self.assertEqual(self.app["id"], claims["aud"])
        with self.assertRaises(jwt.InvalidTokenError):
            verify_access_token(token["access_token"], jwks_url=jwks, audience=str(uuid.uuid4()))
        with self.assertRaises(jwt.InvalidTokenError):
            verify_access_token(token["access_token"], jwks_url=jwks, audience=self.app["id"], environment="test")
        with self.assertRaises(jwt.InvalidTokenError):
            verify_access_token(token["access_token"], jwks_url=jwks, audience=self.app["id"], key_type="pk")
        narrow = Latchkey(secret_key=self.new_key(scopes=["links:read"])["secret_key"], base_url=service.url).auth.token()
        with self.assertRaises(jwt.InvalidTokenError):
            verify_access_token(narrow["access_token"], jwks_url=jwks, audience=self.app["id"], scopes=["links:write"])
        test_token = Latchkey(secret_key=self.app["keys"]["test"]["secret_key"], base_url=service.url).auth.token()
        with self.assertRaises(jwt.InvalidTokenError):
            verify_access_token(test_token["access_token"], jwks_url=jwks, audience=self.app["id"])
        forged = jwt.encode({"sub": "x", "aud": self.app["id"], "iss": "latchkey", "exp": int(time.time()) + 60,
                             "application_id": self.app["id"], "env": "live", "type": "sk", "scopes": [], "token_use": "access"},
                            "a shared secret of at least thirty-two bytes!", algorithm="HS256")
        with self.assertRaises(jwt.InvalidTokenError):
            verify_access_token(forged, jwks_url=jwks, audience=self.app["id"])

    def test_the_data_api_with_a_restricted_key(self):
        data = self.client.data
        note = data.create("notes", {"title": "first"})
        self.assertEqual("first", data.get("notes", note["_id"])["title"])
        self.assertEqual("second", data.update("notes", note["_id"], {"title": "second"})["title"])
        self.assertEqual({"body": "x"}, {k: v for k, v in data.replace("notes", note["_id"], {"body": "x"}).items() if not k.startswith("_")})
        reader = Latchkey(secret_key=self.new_key(permissions={"data": "read"})["secret_key"], base_url=service.url)
        self.assertIn(note["_id"], [document["_id"] for document in reader.data.list("notes", limit=200)["data"]])
        with self.assertRaises(LatchkeyError) as refused:
            reader.data.create("notes", {"title": "not allowed"})
        self.assertEqual((403, "insufficient_permissions", "data:write"),
                         (refused.exception.status, refused.exception.error, refused.exception.required_permission))
        data.delete("notes", note["_id"])
        with self.assertRaises(LatchkeyError) as gone:
            data.get("notes", note["_id"])
        self.assertEqual((404, "not_found"), (gone.exception.status, gone.exception.error))

    def test_429_is_retried_after_retry_after_a_bounded_number_of_times(self):
        limited = self.new_key(rate_limit={"limit": 1, "window_seconds": 1})["secret_key"]
        patient = Latchkey(secret_key=limited, base_url=service.url, retries=3)
        started = time.monotonic()
        patient.keys.self()
        patient.keys.self()  # refused once with Retry-After, then served
        self.assertGreaterEqual(time.monotonic() - started, 0.5)
        impatient = Latchkey(secret_key=limited, base_url=service.url, retries=0)
        with self.assertRaises(LatchkeyError) as refused:
            impatient.keys.self()
            impatient.keys.self()
        self.assertEqual((429, "rate_limited"), (refused.exception.status, refused.exception.error))
        self.assertIsNotNone(refused.exception.retry_after)

    def test_a_publishable_key_is_refused_before_any_request(self):
        with self.assertRaises(LatchkeyError):
            Latchkey(secret_key=self.app["keys"]["live"]["publishable_key"], base_url=service.url)


if __name__ == "__main__":
    unittest.main()
