// Multi-factor sign-in (CONTRACT section 14): TOTP enrolment, the challenge step, removal.

/**
 * `auth.mfa`. A sign-in answers `{ mfa: { challenge_token, methods, enroll } }` instead of a session
 * when a second factor is due; `verify` then completes it. With `enroll: true` the challenge first
 * enrols: `enroll({ challengeToken })`, `confirm({ challengeToken, code })`, then `verify` with a
 * fresh code.
 */
export function mfaApi(http, signIn, withUser) {
  const body = (challengeToken, fields = {}) => (challengeToken ? { ...fields, challenge_token: challengeToken } : fields);
  const asUserOrChallenge = async (path, challengeToken, fields) => challengeToken
    ? (await http.json("POST", path, { body: body(challengeToken, fields) })).body
    : withUser("POST", path, fields);
  return {
    /** A new TOTP secret, not active until confirmed: `{ secret, otpauth_url, qr_code_svg }` (the QR code holds the URL). */
    enroll: ({ challengeToken } = {}) => asUserOrChallenge("/api/userAuth/mfa/totp/enroll", challengeToken, {}),
    /** Confirms the factor with a code from the authenticator: its ten recovery codes, shown only this once. */
    async confirm({ code, challengeToken } = {}) {
      return (await asUserOrChallenge("/api/userAuth/mfa/totp/confirm", challengeToken, { code })).recovery_codes;
    },
    /** Completes a challenged sign-in with a TOTP code or an unused recovery code: the session, kept. */
    verify: ({ challengeToken, code }) => signIn("/api/userAuth/mfa/verify", { challenge_token: challengeToken, code }),
    /** Removes the factor (the session must have passed MFA). */
    async remove() {
      await withUser("DELETE", "/api/userAuth/mfa/totp");
    },
  };
}
