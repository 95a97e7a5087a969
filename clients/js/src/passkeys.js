// Passkeys (CONTRACT section 14): the service's WebAuthn options go to the browser's
// navigator.credentials, and its answer back. The page's origin is the relying party.
import { base64url, fromBase64url } from "./bytes.js";

const credentials = () => {
  if (!globalThis.navigator?.credentials || !globalThis.PublicKeyCredential) {
    throw new TypeError("Passkeys need a browser with WebAuthn, on a secure page (https, or http://localhost)");
  }
  return globalThis.navigator.credentials;
};

// WebAuthn's JSON forms, decoded by the browser where it can (parse…FromJSON), else here
const creationOptions = (json) => PublicKeyCredential.parseCreationOptionsFromJSON?.(json) ?? {
  ...json,
  challenge: fromBase64url(json.challenge),
  user: { ...json.user, id: fromBase64url(json.user.id) },
  excludeCredentials: json.excludeCredentials.map((c) => ({ ...c, id: fromBase64url(c.id) })),
};
const requestOptions = (json) => PublicKeyCredential.parseRequestOptionsFromJSON?.(json) ?? {
  ...json,
  challenge: fromBase64url(json.challenge),
  allowCredentials: json.allowCredentials.map((c) => ({ ...c, id: fromBase64url(c.id) })),
};
const toJSON = (credential) => {
  if (typeof credential.toJSON === "function") return credential.toJSON();
  const response = credential.response;
  const encoded = { clientDataJSON: base64url(response.clientDataJSON) };
  if (response.attestationObject) {
    encoded.attestationObject = base64url(response.attestationObject);
    encoded.transports = response.getTransports?.() ?? [];
  } else {
    encoded.authenticatorData = base64url(response.authenticatorData);
    encoded.signature = base64url(response.signature);
    if (response.userHandle) encoded.userHandle = base64url(response.userHandle);
  }
  return { id: credential.id, rawId: base64url(credential.rawId), type: credential.type, response: encoded,
    clientExtensionResults: credential.getClientExtensionResults?.() ?? {} };
};

/** `auth.passkeys`: register one (signed in), sign in with one, list and remove the user's. */
export function passkeysApi(http, signIn, withUser) {
  return {
    /** Asks the browser for a new passkey of the signed-in user and registers it: `{ id, name, created_at, last_used_at }`. */
    async register({ name } = {}) {
      const options = await withUser("POST", "/api/userAuth/passkeys/register/options");
      const credential = await credentials().create({ publicKey: creationOptions(options) });
      return withUser("POST", "/api/userAuth/passkeys/register", { credential: toJSON(credential), name });
    },
    /** Signs in with a passkey the user picks in the browser's dialog: the session (multi-factor), kept. */
    async signIn() {
      const { body: options } = await http.json("POST", "/api/userAuth/passkeys/login/options");
      const credential = await credentials().get({ publicKey: requestOptions(options) });
      return signIn("/api/userAuth/passkeys/login", { credential: toJSON(credential) });
    },
    /** The user's passkeys. */
    async list() {
      return (await withUser("GET", "/api/userAuth/passkeys")).data;
    },
    /** Removes one; it signs no one in any more. */
    async remove(id) {
      await withUser("DELETE", `/api/userAuth/passkeys/${encodeURIComponent(id)}`);
    },
  };
}
