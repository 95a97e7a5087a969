-- Key checks counted per key, day (UTC) and outcome. Instances count in memory and add their
-- counts here in batches, so a row only ever grows.
create table key_usage (
    key_id          uuid         not null references api_key (id) on delete cascade,
    application_id  uuid         not null,
    environment     varchar(4)   not null check (environment in ('LIVE', 'TEST')),
    day             date         not null,
    outcome         varchar(24)  not null,
    count           bigint       not null check (count >= 0),
    primary key (key_id, day, outcome)
);

create index key_usage_application_idx on key_usage (application_id, environment, day);
