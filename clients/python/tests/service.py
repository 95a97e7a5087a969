"""One packaged Latchkey on embedded PostgreSQL and Redis for these tests, started through the
Java test support (``./mvnw exec:java@serve-for-clients``; the service must be packaged first:
``./mvnw package -DskipTests`` at the top level). Gives its URL and a platform admin's token."""

import json
import os
import subprocess
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


class Service:
    def __init__(self):
        self._process = subprocess.Popen([os.path.join(ROOT, "mvnw"), "-B", "-q", "-ntp", "exec:java@serve-for-clients"],
                                         cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for line in self._process.stdout:
            if line.startswith("{") and '"url"' in line:
                started = json.loads(line)
                self.url = started["url"]
                self._admin_token = started["adminToken"]
                return
        raise RuntimeError("the Latchkey launcher exited before it was ready (JAVA_HOME must be a JDK 21 or newer, "
                           "and the service packaged: ./mvnw package -DskipTests)")

    def stop(self):
        self._process.stdin.close()
        self._process.wait(timeout=60)

    def admin(self, method, path, body=None, tenant=None):
        """An admin call, which must succeed: its JSON answer."""
        headers = {"authorization": "Bearer " + self._admin_token, "content-type": "application/json"}
        if tenant:
            headers["x-tenant"] = tenant
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request) as answer:
                text = answer.read().decode("utf-8")
        except urllib.error.HTTPError as refused:
            raise AssertionError(f"{method} {path} answered {refused.code}: {refused.read().decode('utf-8')}") from None
        return json.loads(text) if text else None
