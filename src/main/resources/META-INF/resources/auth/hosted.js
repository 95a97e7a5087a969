// The hosted sign-in page's own step (CONTRACT section 15): once the component has signed the user
// in, the session made here is handed back to the application's page as a latchkey_code bound to
// its code_challenge. Where to return is kept in localStorage for ten minutes, because a social
// sign-in or a magic link comes back to this page without it (a magic link perhaps in another tab).
import "/auth/client/components.js";

const pending = `latchkey:hosted:${location.pathname}`;
const LIFETIME_MS = 10 * 60 * 1000;
const asked = new URLSearchParams(location.search);
if (asked.has("redirect_to") && asked.has("code_challenge")) {
  localStorage.setItem(pending, JSON.stringify({ redirect_to: asked.get("redirect_to"), code_challenge: asked.get("code_challenge"),
    until: Date.now() + LIFETIME_MS }));
}

const element = document.querySelector("latchkey-sign-in");
const fail = (message) => {
  element.shadowRoot.querySelector("[role=alert]").textContent = message;
};

element.addEventListener("latchkey:signed-in", async ({ detail: { client } }) => {
  const kept = JSON.parse(localStorage.getItem(pending) ?? "null");
  localStorage.removeItem(pending);
  if (!kept || kept.until < Date.now()) {
    fail("This sign-in has no application page to return to any more: start it again from the application.");
    return;
  }
  try {
    const answer = await fetch("/api/userAuth/hosted/code", { method: "POST", headers: { "content-type": "application/json",
      "x-api-key": element.getAttribute("publishable-key"), authorization: `Bearer ${client.auth.token}` },
    body: JSON.stringify({ redirect_to: kept.redirect_to, code_challenge: kept.code_challenge }) });
    const body = await answer.json();
    if (!answer.ok) throw new Error(body.message);
    location.replace(body.redirect_url);
  } catch (error) {
    fail(`Signed in, but the way back to the application failed: ${error.message}`);
  }
});
