-- End-user sessions (CONTRACT section 13): a user token names its session (sid), and Latchkey's
-- own endpoints refuse the token once the session has ended or its user is disabled.
alter table end_user add column disabled boolean not null default false;
alter table end_user add column email_verified boolean not null default false;
alter table end_user add column last_sign_in_at timestamptz;

create table end_user_session (
    id              uuid          primary key,
    user_id         uuid          not null references end_user (id) on delete cascade,
    -- how the user signed in, space-separated RFC 8176 values such as pwd: every token's amr
    methods         varchar(100)  not null,
    ip              varchar(45),
    user_agent      varchar(512),
    created_at      timestamptz   not null,
    last_used_at    timestamptz   not null,
    -- the refresh limit (30 days); the idle limit is last_used_at + 7 days
    expires_at      timestamptz   not null,
    ended_at        timestamptz
);
create index end_user_session_active on end_user_session (user_id) where ended_at is null;

-- Every refresh token a session was given, as its SHA-256 only: the unspent one refreshes, a spent
-- one presented again (past the grace for a lost answer) ends the session (reuse detection).
create table end_user_refresh_token (
    hash            bytea         primary key,
    session_id      uuid          not null references end_user_session (id) on delete cascade,
    issued_at       timestamptz   not null,
    spent_at        timestamptz
);
create index end_user_refresh_token_session on end_user_refresh_token (session_id);
