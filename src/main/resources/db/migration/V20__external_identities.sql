-- Bring your own auth (CONTRACT section 14): the identity providers whose JWTs an application's
-- users exchange for a session, and which provider identity is which user.
alter table application add column external_issuers jsonb not null default '[]';

-- a user known only by an external identity may have no e-mail address
alter table end_user alter column email drop not null;

create table end_user_identity (
    application_id  uuid          not null references application (id) on delete cascade,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    -- the token's iss, and its user id claim (sub by default): who the provider says this is
    issuer          varchar(300)  not null,
    subject         varchar(255)  not null,
    user_id         uuid          not null references end_user (id) on delete cascade,
    -- how the identity was proven: 'external' (an exchanged token)
    provider        varchar(40)   not null,
    created_at      timestamptz   not null,
    primary key (application_id, environment, issuer, subject)
);
create index end_user_identity_user on end_user_identity (user_id);
