-- Social sign-in (CONTRACT section 14): each environment's providers, and the two short-lived
-- steps of a sign-in: the trip to the provider (state), and the code the page exchanges.
create table auth_provider (
    application_id  uuid          not null references application (id) on delete cascade,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    -- google, github, or oidc-<name>
    provider        varchar(40)   not null,
    client_id       varchar(500)  not null,
    -- sealed (AES-GCM under a key derived from the hashing secret); never answered
    client_secret   varchar(3000) not null,
    -- OpenID Connect providers: where discovery starts
    issuer          varchar(500),
    scopes          varchar(1000) not null,
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    primary key (application_id, environment, provider)
);

-- From authorize to callback: found by the SHA-256 of its state, spent once
create table oauth_trip (
    state_hash      bytea         primary key,
    application_id  uuid          not null references application (id) on delete cascade,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    provider        varchar(40)   not null,
    redirect_to     varchar(2000) not null,
    -- the page's S256 challenge, which its latchkey_code is bound to
    code_challenge  varchar(64)   not null,
    nonce           varchar(64)   not null,
    -- Latchkey's own PKCE verifier towards the provider, sealed
    provider_verifier varchar(300) not null,
    expires_at      timestamptz   not null
);

-- From callback to exchange: the latchkey_code, found by its SHA-256, single use, 5 minutes
create table oauth_code (
    code_hash       bytea         primary key,
    application_id  uuid          not null references application (id) on delete cascade,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    user_id         uuid          not null references end_user (id) on delete cascade,
    provider        varchar(40)   not null,
    code_challenge  varchar(64)   not null,
    created         boolean       not null,
    expires_at      timestamptz   not null
);
