// Every word the sign-in components show, in one place: an application translates them with
// setStrings({ ... }) before the elements are drawn (a function value receives the named parts).
export const strings = {
  loading: "Loading…",
  signInTitle: (app) => `Sign in to ${app}`,
  signUpTitle: (app) => `Create your ${app} account`,
  email: "Email",
  password: "Password",
  newPassword: "New password",
  signIn: "Sign in",
  signUp: "Create account",
  or: "or",
  magicLink: "Email me a sign-in link",
  magicLinkSent: (email) => `We sent a sign-in link to ${email}. Open it on this device to continue.`,
  forgotPassword: "Forgot your password?",
  sendReset: "Email me a reset link",
  resetSent: (email) => `If ${email} has an account, a reset link is on its way.`,
  back: "Back",
  continueWith: (provider) => `Continue with ${provider}`,
  passkey: "Sign in with a passkey",
  checkMail: "Check your mail to verify your address, then sign in.",
  emailVerified: "Your address is verified: sign in to continue.",
  mfaTitle: "Two-step verification",
  mfaPrompt: "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
  code: "Code",
  verify: "Verify",
  enrollTitle: "Set up two-step verification",
  enrollPrompt: "Scan this QR code with an authenticator app, or type the key, then enter the code it shows.",
  qrCode: "QR code for your authenticator app",
  secretKey: "Key",
  confirm: "Confirm",
  recoveryTitle: "Keep your recovery codes",
  recoveryPrompt: "Each signs you in once if you lose your authenticator. They are shown only now.",
  nextCode: "Now enter the next code your app shows to finish signing in.",
  signedInAs: (email) => `Signed in as ${email}`,
  resetTitle: "Choose a new password",
  setPassword: "Set password",
  linkInvalid: "This link is not valid. Ask for a new one.",
  account: "Account",
  signOut: "Sign out",
  signOutEverywhere: "Sign out everywhere",
  sessions: (count) => `${count} active ${count === 1 ? "session" : "sessions"}`,
  passkeys: "Passkeys",
  addPasskey: "Add a passkey",
  removePasskey: (name) => `Remove passkey ${name}`,
  noPasskeys: "No passkey yet.",
  authenticator: "Authenticator app",
  addAuthenticator: "Set up an authenticator app",
  removeAuthenticator: "Remove the authenticator app",
  close: "Close",
  errors: {
    invalid_credentials: "That email and password do not match, or the code is wrong.",
    rate_limited: "Too many attempts. Wait a moment and try again.",
    auth_method_disabled: "This way of signing in is not offered here.",
    user_disabled: "This account is disabled.",
    conflict: "An account with this email exists already.",
    email_not_verified: "Verify your email address first: check your mail.",
    invalid_token: "This step has expired. Start again.",
    mfa_required: "Sign in with your second factor first.",
    network_error: "Latchkey could not be reached. Check your connection.",
    NotAllowedError: "The passkey request was cancelled or timed out.",
  },
};

/** Replaces some strings (nested `errors` merge with the defaults). */
export function setStrings(overrides) {
  const { errors, ...rest } = overrides;
  Object.assign(strings, rest);
  if (errors) Object.assign(strings.errors, errors);
}

/** A failure in words: the translated error when there is one, else the service's message. */
export function describe(error) {
  return strings.errors[error?.error] ?? strings.errors[error?.name] ?? error?.message ?? String(error);
}

/** A provider's name for its button: google → Google, oidc-acme → Acme. */
export function providerName(provider) {
  const known = { google: "Google", github: "GitHub" };
  const name = known[provider] ?? provider.replace(/^oidc-/, "");
  return name.charAt(0).toUpperCase() + name.slice(1);
}
