-- Multi-factor sign-in (CONTRACT section 14): a TOTP factor per user, its recovery codes, and the
-- challenges a first-factor sign-in answers with instead of a session.
create table end_user_totp (
    user_id         uuid          primary key references end_user (id) on delete cascade,
    -- the shared secret, sealed (AES-GCM under a key derived from the hashing secret)
    secret          varchar(200)  not null,
    created_at      timestamptz   not null,
    -- null until a first code proves the authenticator has the secret
    confirmed_at    timestamptz,
    -- the 30-second step of the last accepted code: a code is accepted once, and never an older one
    last_used_step  bigint        not null default 0,
    -- codes tried in the current window, whatever challenge they came with: what a stolen password
    -- may guess, counted here so that it holds without Redis and across instances
    window_started  timestamptz   not null default now(),
    window_codes    integer       not null default 0
);

-- Single-use recovery codes, as their SHA-256 only (they are random)
create table end_user_recovery_code (
    user_id         uuid          not null references end_user (id) on delete cascade,
    hash            bytea         not null,
    used_at         timestamptz,
    primary key (user_id, hash)
);

-- A first factor that was proven, waiting for the second; the token is kept as its SHA-256 only
create table end_user_mfa_challenge (
    hash            bytea         primary key,
    user_id         uuid          not null references end_user (id) on delete cascade,
    application_id  uuid          not null,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    -- the first factor's RFC 8176 methods, space-separated, which the session will carry
    methods         varchar(100)  not null,
    -- true when the challenge may enrol a factor (an mfa_required application, a user without one)
    enroll          boolean       not null,
    -- codes tried; the challenge is dead at 5
    attempts        integer       not null default 0,
    expires_at      timestamptz   not null
);
create index end_user_mfa_challenge_expiry on end_user_mfa_challenge (expires_at);

-- A stream ticket remembers whether its user token had passed MFA (mfa_required applications)
alter table realtime_ticket add column user_passed_mfa boolean not null default false;
