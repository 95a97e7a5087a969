-- Realtime (CONTRACT section 17). Events travel as PostgreSQL notifications sent by the writing
-- transaction itself; their ids come from one sequence so a client can resume after the last one
-- it saw. An event too large for a notification (8000 bytes) waits here, a minute at most.
alter table application add column realtime_rules jsonb not null default '[]';

create sequence realtime_event_id;

create table realtime_payload (
    id         bigint      primary key,
    body       text        not null,
    created_at timestamptz not null default now()
);

-- Tickets let a browser's EventSource, which cannot send headers, open a stream: single use, 60
-- seconds. The key is kept sealed (encrypted) and the ticket only as its hash.
create table realtime_ticket (
    hash                  bytea       primary key,
    application_id        uuid        not null references application (id) on delete cascade,
    environment           varchar(4)  not null check (environment in ('LIVE', 'TEST')),
    sealed_key            text        not null,
    user_id               uuid,
    session_id            uuid,
    user_token_expires_at timestamptz,
    expires_at            timestamptz not null
);
create index realtime_ticket_expiry_idx on realtime_ticket (expires_at);
