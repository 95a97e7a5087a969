-- Tenants own applications; every application has keys per environment; every management
-- action is written to an append-only audit log.

create table tenant (
    id          varchar(63)  primary key,
    name        varchar(200) not null,
    created_at  timestamptz  not null
);

create table application (
    id                uuid         primary key,
    tenant_id         varchar(63)  not null references tenant (id) on delete cascade,
    name              varchar(200) not null,
    auth_methods      text[]       not null,
    logo_url          varchar(2048),
    primary_color     varchar(7),
    background_color  varchar(7),
    mfa_required      boolean      not null,
    allowed_origins   text[]       not null,
    -- raised by every configuration change: identify's ETag and cache entries follow it
    config_version    bigint       not null,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null
);

create index application_tenant_idx on application (tenant_id, created_at, id);

create table api_key (
    id                 uuid         primary key,
    application_id     uuid         not null references application (id) on delete cascade,
    environment        varchar(4)   not null check (environment in ('LIVE', 'TEST')),
    type               varchar(11)  not null check (type in ('PUBLISHABLE', 'SECRET')),
    name               varchar(200) not null,
    -- HMAC-SHA256 of the whole key under the hashing secret of hash_version
    key_hash           bytea        not null unique,
    hash_version       integer      not null,
    -- only publishable keys are kept readable: they are public by design
    publishable_value  varchar(64),
    hint               varchar(32)  not null,
    -- the application's default key of its type and environment (the one rotate-secret replaces)
    is_primary         boolean      not null,
    permissions        jsonb        not null,
    rate_limit         integer,
    rate_limit_window_seconds integer,
    expires_at         timestamptz,
    created_at         timestamptz  not null,
    -- the end of the key's validity: now for a revoke, the end of the grace period for a rotation
    revoked_at         timestamptz,
    last_used_at       timestamptz,
    replaced_by        uuid         references api_key (id) on delete set null,
    constraint publishable_value_only_for_publishable
        check ((type = 'PUBLISHABLE') = (publishable_value is not null)),
    constraint rate_limit_complete
        check ((rate_limit is null) = (rate_limit_window_seconds is null))
);

create index api_key_application_idx on api_key (application_id, created_at, id);
create unique index api_key_one_primary_idx on api_key (application_id, environment, type) where is_primary;

create table audit_log (
    id              bigserial     primary key,
    tenant_id       varchar(63)   not null,
    -- no foreign key: entries outlive the application they speak of
    application_id  uuid,
    at              timestamptz   not null,
    actor           varchar(255)  not null,
    action          varchar(64)   not null,
    target          varchar(255)  not null,
    ip              varchar(64)
);

create index audit_log_application_idx on audit_log (application_id, id);

-- Append-only: the database itself refuses to change or remove an entry.
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only';
end;
$$;

create trigger audit_log_append_only
    before update or delete on audit_log
    for each row execute function audit_log_is_append_only();
