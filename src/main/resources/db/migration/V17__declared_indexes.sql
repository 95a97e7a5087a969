-- Indexes a collection's settings declare (CONTRACT section 16). Each row is one PostgreSQL index
-- on the environment's document partition, partial to the application and collection, built and
-- dropped by data/index/IndexBuilder outside any transaction (CREATE/DROP INDEX CONCURRENTLY). A
-- collection read as "owner" gets a second index per declaration led by owner_id: publishable keys
-- always read it filtered by owner, secret keys never.
create table collection_index (
    application_id  uuid          not null,
    environment     varchar(4)    not null check (environment in ('LIVE', 'TEST')),
    collection      varchar(63)   not null,
    -- the declaration as given, a JSON array of up to 3 fields, "-" for descending
    fields          text          not null,
    owner_leading   boolean       not null,
    -- docq_ and a digest of everything above: the index in pg_indexes
    index_name      varchar(63)   not null unique,
    state           varchar(8)    not null check (state in ('BUILDING', 'READY', 'FAILED')),
    error           text,
    position        smallint      not null,
    created_at      timestamptz   not null,
    primary key (application_id, environment, collection, fields, owner_leading),
    foreign key (application_id, environment, collection)
        references collection (application_id, environment, name) on delete cascade
);

create index collection_index_building_idx on collection_index (state) where state = 'BUILDING';
