-- Key events (CONTRACT section 9): a transactional outbox. Every key and application change writes
-- its event here in the same transaction as the change, so a change that committed is always
-- published and delivered, also when the instance that made it dies right after the commit.
create table outbox_event (
    id uuid primary key,
    -- key.created, key.revoked, ...; null for a row that only invalidates caches (a repeated revocation, a deletion)
    type varchar(40),
    tenant_id varchar(64) not null,
    application_id uuid not null,
    -- the webhook body, exactly as signed and sent
    body text,
    -- what caches must drop: 'key:<id>' or 'app:<id>' and the stored hashes of the keys concerned
    invalidation_target varchar(80),
    invalidation_hashes bytea[],
    created_at timestamptz not null,
    -- when the invalidation reached Redis (null: not yet); set at insert when there is none
    published_at timestamptz
);
create index outbox_event_unpublished on outbox_event (created_at) where published_at is null;

create table webhook (
    id uuid primary key,
    application_id uuid not null references application (id) on delete cascade,
    url varchar(2048) not null,
    events varchar(40)[] not null,
    description varchar(500),
    -- the signing secret, AES-GCM sealed under a key derived from the hashing secret of this version
    secret_sealed text not null,
    created_at timestamptz not null
);
create index webhook_application on webhook (application_id);

-- One delivery per webhook and event; attempt counts the sends made so far.
create table webhook_delivery (
    id uuid primary key,
    webhook_id uuid not null references webhook (id) on delete cascade,
    event_id uuid not null references outbox_event (id) on delete cascade,
    event_type varchar(40) not null,
    attempt int not null default 0,
    status varchar(10) not null check (status in ('pending', 'delivered', 'failed')),
    response_status int,
    -- due time while pending; a claimed delivery is pushed past its send's timeout, so no other instance sends it at once
    next_attempt_at timestamptz,
    delivered_at timestamptz,
    created_at timestamptz not null
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';
create index webhook_delivery_listing on webhook_delivery (webhook_id, created_at desc, id desc);

-- key.expiring is sent once per key; exposed_at marks a secret key seen in a browser
alter table api_key add column expiring_notified_at timestamptz;
alter table api_key add column exposed_at timestamptz;
