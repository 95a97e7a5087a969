// Type declarations of @latchkey/client (CONTRACT section 11).

export class LatchkeyError extends Error {
  /** The HTTP status; 0 when no answer came (timeout, network) or the client refused before sending. */
  status: number;
  /** The contract's error code, such as `invalid_api_key` or `insufficient_permissions`. */
  error: string;
  requiredPermission: string | null;
  /** Seconds, from Retry-After, on 429 and 503. */
  retryAfter: number | null;
}

export interface ClientOptions {
  baseUrl: string;
  /** Each attempt's time limit (default 10 s). */
  timeoutMs?: number;
  /** Retries of a 429 or 503 answer, each after its Retry-After (default 2). */
  retries?: number;
  /** A longer Retry-After is not waited for: the error is thrown (default 10 s). */
  maxRetryWaitMs?: number;
  fetch?: typeof fetch;
}

/** A stored document: your fields and Latchkey's. */
export type Stored<T> = T & { _id: string; _owner: string | null; _created_at: string; _updated_at: string };

/** A condition: a value (equality) or operators (CONTRACT section 16). */
export type Condition = unknown | {
  $eq?: unknown; $ne?: unknown; $gt?: number | string; $gte?: number | string; $lt?: number | string; $lte?: number | string;
  $in?: unknown[]; $nin?: unknown[]; $exists?: boolean; $contains?: unknown; $prefix?: string;
};
export type Where = { [field: string]: Condition } & { $or?: Where[] };
export interface ListQuery {
  where?: Where;
  /** Up to 3 fields, "-" for descending: ["-_created_at", "title"] or "-_created_at,title". */
  sort?: string[] | string;
  fields?: string[] | string;
  count?: boolean;
  limit?: number;
  after?: string;
}

export interface DataApi {
  list<T = Record<string, unknown>>(collection: string, query?: ListQuery): Promise<{ data: Stored<T>[]; next: string | null; count?: number; countEstimated?: boolean }>;
  get<T = Record<string, unknown>>(collection: string, id: string): Promise<Stored<T>>;
  create<T = Record<string, unknown>>(collection: string, document: T): Promise<Stored<T>>;
  replace<T = Record<string, unknown>>(collection: string, id: string, document: T): Promise<Stored<T>>;
  update<T = Record<string, unknown>>(collection: string, id: string, patch: Partial<T>): Promise<Stored<T>>;
  delete(collection: string, id: string): Promise<void>;
}

/** A document change or a topic message, as a stream delivers it (CONTRACT section 17). */
export type RealtimeEvent<T = Record<string, unknown>> =
  | { type: "change"; collection: string; op: "insert" | "update" | "delete"; id: string; document?: Stored<T> }
  | { type: "message"; topic: string; payload: unknown };

export interface Subscription {
  /** Ends the subscription; `closed` then resolves with null. */
  close(): void;
  /** Resolves when the subscription ends for good: with the error that ended it (a revoked key, a forbidden topic), or null. */
  closed: Promise<LatchkeyError | null>;
}

export interface RealtimeApi {
  /** Collections' changes and topics' messages (MQTT-style filters: + one level, # the rest); reconnects with Last-Event-ID. */
  subscribe(what: { collections?: string[] | string; topics?: string[] | string }, onEvent: (event: RealtimeEvent) => void,
    options?: { onError?: (error: LatchkeyError | Error) => void }): Subscription;
  /** Any JSON payload of at most 32 KiB. */
  publish(topic: string, payload: unknown): Promise<void>;
  /** A single-use ticket (60 s) that lets an EventSource open one stream: `?ticket=`. */
  ticket(): Promise<string>;
}

export interface Identity {
  tenant_id: string;
  application_id: string;
  app_name: string;
  environment: "live" | "test";
  auth_methods: string[];
  branding: { logo_url: string | null; primary_color: string | null; background_color: string | null };
  mfa_required: boolean;
  allowed_origins: string[];
  [field: string]: unknown;
}

export interface Session {
  token: string;
  expires_in: number;
  refresh_token: string;
  session_id: string;
  user: { id: string; email: string; email_verified: boolean; created_at: string };
}

/** A sign-in whose second factor is due: no session yet; complete it with `auth.mfa.verify`. */
export interface MfaChallenge {
  mfa: { challenge_token: string; methods: Array<"totp" | "recovery_code">; enroll: boolean };
}

/** A session, or an MFA challenge when the user has a second factor or the application requires one. */
export type SignInAnswer = Session | MfaChallenge;

export interface MfaApi {
  /** A new TOTP secret, active once confirmed; signed in, or with an enrol-only challenge's token. */
  enroll(options?: { challengeToken?: string }): Promise<{ secret: string; otpauth_url: string; qr_code_svg: string }>;
  /** Confirms the factor with a current code: its ten recovery codes, shown only this once. */
  confirm(confirmation: { code: string; challengeToken?: string }): Promise<string[]>;
  /** Completes a challenged sign-in with a TOTP code or a recovery code; the session is kept. */
  verify(answer: { challengeToken: string; code: string }): Promise<Session>;
  /** Removes the factor; the session must have passed MFA. */
  remove(): Promise<void>;
}

export interface Passkey {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** Passkeys (WebAuthn) of the page's origin, which must be one of the application's allowed_origins. */
export interface PasskeysApi {
  /** Asks the browser for a new passkey of the signed-in user and registers it. */
  register(options?: { name?: string }): Promise<Passkey>;
  /** Signs in with a passkey the user picks; the session counts as multi-factor and is kept. */
  signIn(): Promise<Session>;
  list(): Promise<Passkey[]>;
  remove(id: string): Promise<void>;
}

export interface BrowserClient {
  identify(options?: { revalidate?: boolean }): Promise<Identity>;
  data: DataApi;
  realtime: RealtimeApi;
  auth: {
    signup(credentials: { email: string; password: string }): Promise<SignInAnswer>;
    login(credentials: { email: string; password: string }): Promise<SignInAnswer>;
    refresh(): Promise<Session>;
    sendVerification(): Promise<void>;
    verifyEmail(link: { token: string }): Promise<Session["user"]>;
    forgotPassword(request: { email: string; redirectTo?: string }): Promise<void>;
    resetPassword(reset: { token: string; password: string }): Promise<SignInAnswer>;
    magicLink(request: { email: string; redirectTo?: string; createUser?: boolean }): Promise<void>;
    verifyMagicLink(link: { token: string }): Promise<SignInAnswer>;
    /** Sends the browser to a provider (google, github, oidc-<name>) with PKCE; `navigate: false` only answers the URL. */
    signInWith(provider: string, options?: { redirectTo?: string; navigate?: boolean }): Promise<string>;
    /** Sends the browser to the application's hosted sign-in page on Latchkey; back at `redirectTo` with a code for completeSignIn. */
    signInHosted(options?: { redirectTo?: string; navigate?: boolean }): Promise<string>;
    /** Whether this tab started a sign-in (social or hosted) that has not come back yet. */
    hasPendingSignIn(): boolean;
    /** On the page the provider returned to: the session (kept), or null when the URL carries no sign-in. */
    completeSignIn(url?: string): Promise<SignInAnswer | null>;
    /** A JWT of one of the application's external issuers for a session (created with the user at its first exchange). */
    exchange(token: string): Promise<SignInAnswer>;
    linkIn(url?: string): { type: "verify" | "reset" | "magic_link"; token: string } | null;
    me(): Promise<{ id: string; email: string; [field: string]: unknown }>;
    sessions(): Promise<Array<{ id: string; created_at: string; last_used_at: string; ip: string | null;
      user_agent: string | null; current: boolean }>>;
    logout(options?: { all?: boolean }): Promise<void>;
    mfa: MfaApi;
    passkeys: PasskeysApi;
    readonly token: string | null;
  };
}

export interface VerifyAnswer {
  valid: boolean;
  code: string;
  type: "pk" | "sk" | null;
  environment: "live" | "test" | null;
  application_id: string | null;
  tenant_id: string | null;
  scopes: string[] | null;
  expires_at: string | null;
  [field: string]: unknown;
}

export interface ServerClient {
  keys: {
    verify(key: string, options?: { scopes?: string[]; origin?: string; ip?: string; cost?: number }): Promise<VerifyAnswer>;
    self(): Promise<Record<string, unknown>>;
  };
  auth: { token(): Promise<{ access_token: string; token_type: string; expires_in: number }> };
  data: DataApi;
  realtime: RealtimeApi;
}

/** Refuses anything but a publishable key (pk_), before any request. */
/** `refreshAhead`: seconds before a user token's expiry at which it is refreshed (default 60). */
export function createBrowserClient(options: ClientOptions & { publishableKey: string; refreshAhead?: number;
  /** Where signInWith keeps its code verifier until completeSignIn (default: sessionStorage). */
  storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void } }): BrowserClient;
export function createServerClient(options: ClientOptions & { secretKey: string }): ServerClient;

export interface AccessTokenClaims {
  sub: string;
  aud: string | string[];
  application_id: string;
  tenant_id: string;
  env: "live" | "test";
  type: "pk" | "sk";
  scopes: string[];
  exp: number;
  [claim: string]: unknown;
}

export function verifyAccessToken(token: string, options: { jwksUrl: string; audience: string; scopes?: string[];
  environment?: "live" | "test"; type?: "pk" | "sk" }): Promise<AccessTokenClaims>;
