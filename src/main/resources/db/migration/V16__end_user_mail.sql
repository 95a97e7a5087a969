-- E-mail flows for end users (CONTRACT section 13): verification, password reset, magic links.
alter table application add column email_verification varchar(8) not null default 'optional'
    check (email_verification in ('required', 'optional', 'off'));
alter table application add column redirect_urls text[] not null default '{}';

-- Single-use links mailed to end users, stored only as the SHA-256 of their token. A magic link
-- for an address without an account has no user yet: verifying it creates one.
create table end_user_link (
    hash            bytea         primary key,
    application_id  uuid          not null references application (id) on delete cascade,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    user_id         uuid          references end_user (id) on delete cascade,
    email           varchar(254)  not null,
    purpose         varchar(10)   not null check (purpose in ('verify', 'reset', 'magic_link')),
    created_at      timestamptz   not null,
    expires_at      timestamptz   not null,
    used_at         timestamptz
);
create index end_user_link_user on end_user_link (user_id);

-- Mail to send. A request that answered 202 is a row here first; the sender, on whichever
-- instance, makes its link (none when there is nobody to mail), seals the link's token in the
-- row, sends it over SMTP and clears the token; failures are retried with backoff, restarts and
-- SMTP outages included.
create table mail_queue (
    id              uuid          primary key,
    application_id  uuid          not null references application (id) on delete cascade,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    email           varchar(254)  not null,
    purpose         varchar(10)   not null check (purpose in ('verify', 'reset', 'magic_link')),
    redirect_to     text,
    create_user     boolean       not null default false,
    token_sealed    text,
    created_at      timestamptz   not null,
    attempts        int           not null default 0,
    next_attempt_at timestamptz   not null,
    sent_at         timestamptz,
    -- set when no mail goes out: no such account, or an account that may not have one
    dropped         varchar(40),
    last_error      varchar(200)
);
create index mail_queue_due on mail_queue (next_attempt_at) where sent_at is null and dropped is null;

-- a user who signed up by magic link has no password until it sets one
alter table end_user alter column password_hash drop not null;
