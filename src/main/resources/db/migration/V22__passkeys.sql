-- Passkeys (CONTRACT section 14, WebAuthn): the credentials end users registered, and the
-- challenges of ceremonies under way.
create table end_user_passkey (
    id              uuid          primary key,
    user_id         uuid          not null references end_user (id) on delete cascade,
    application_id  uuid          not null references application (id) on delete cascade,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    -- the authenticator's credential id, which a sign-in names
    credential_id   bytea         not null,
    -- the relying party (host of the page's origin) it was created for
    rp_id           varchar(253)  not null,
    -- webauthn4j's encoding of the attested credential data: the public key (COSE) and the AAGUID
    credential_data bytea         not null,
    -- the authenticator's signature counter: one that goes back betrays a cloned authenticator
    sign_count      bigint        not null,
    backup_eligible boolean       not null,
    backup_state    boolean       not null,
    name            varchar(100)  not null,
    created_at      timestamptz   not null,
    last_used_at    timestamptz,
    unique (application_id, environment, credential_id)
);
create index end_user_passkey_user on end_user_passkey (user_id);

-- A registration or sign-in under way: found by its random challenge, which the browser signs
-- into clientDataJSON, and spent by the first answer
create table passkey_challenge (
    challenge       bytea         primary key,
    application_id  uuid          not null references application (id) on delete cascade,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    -- the user registering a passkey; null for a sign-in
    user_id         uuid          references end_user (id) on delete cascade,
    origin          varchar(300)  not null,
    expires_at      timestamptz   not null
);
create index passkey_challenge_expiry on passkey_challenge (expires_at);
