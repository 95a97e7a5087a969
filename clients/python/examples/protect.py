"""Protects one route of a standard-library HTTP server: each caller's API key (x-api-key) is
judged by Latchkey, and only a valid key holding links:read gets the answer.

    LATCHKEY_SECRET_KEY=sk_live_... LATCHKEY_URL=https://keys.example.com python3 examples/protect.py
"""

import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

from latchkey import Latchkey

latchkey = Latchkey(secret_key=os.environ["LATCHKEY_SECRET_KEY"], base_url=os.environ["LATCHKEY_URL"])


class Links(BaseHTTPRequestHandler):
    def do_GET(self):
        verdict = latchkey.keys.verify(self.headers.get("x-api-key", ""), scopes=["links:read"], ip=self.client_address[0])
        if not verdict["valid"]:
            return self.answer(401 if verdict["code"] != "INSUFFICIENT_SCOPES" else 403, {"error": verdict["code"]})
        self.answer(200, {"links": [], "caller": verdict["key_id"]})

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode("utf-8"))


if __name__ == "__main__":
    HTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8000"))), Links).serve_forever()
