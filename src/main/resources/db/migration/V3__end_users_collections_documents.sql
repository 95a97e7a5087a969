-- The data API and its end users. Everything an API key touches is partitioned by the key's
-- environment: every key and index below starts with (application_id, environment), and
-- documents of the two environments live in separate tables (list partitions).

create table end_user (
    id              uuid          primary key,
    application_id  uuid          not null references application (id) on delete cascade,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    -- trimmed and lower-cased: one account per address, whatever the caller's spelling
    email           varchar(254)  not null,
    -- bcrypt in modular crypt form, never the password
    password_hash   varchar(80)   not null,
    created_at      timestamptz   not null,
    constraint end_user_email_unique unique (application_id, environment, email)
);

create table collection (
    application_id  uuid          not null references application (id) on delete cascade,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    name            varchar(63)   not null check (name ~ '^[a-z][a-z0-9_]{0,62}$'),
    rls_enabled     boolean       not null,
    read_access     varchar(6)    not null check (read_access in ('PUBLIC', 'OWNER')),
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    primary key (application_id, environment, name)
);

create table document (
    -- UUIDv7: time-ordered, so listing by id is listing by creation
    id              uuid          not null,
    application_id  uuid          not null,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    collection      varchar(63)   not null,
    -- the end user who created it through row-level security; null for secret-key writes
    owner_id        uuid,
    body            jsonb         not null check (jsonb_typeof(body) = 'object'),
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    primary key (application_id, environment, collection, id),
    foreign key (application_id, environment, collection)
        references collection (application_id, environment, name) on delete cascade
) partition by list (environment);

create table document_live partition of document for values in ('LIVE');
create table document_test partition of document for values in ('TEST');

create index document_owner_idx on document (application_id, environment, collection, owner_id, id);
-- row updates by id (the ORM's own statements) find their row without scanning
create index document_id_idx on document (id);
