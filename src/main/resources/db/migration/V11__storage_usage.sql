-- What each application environment stores, kept beside the data in the writes' own transactions
-- (quota/StorageQuotas): documents, their bytes (the stored JSON text), end users and collections.
-- A write that would pass its quota changes no row here and is refused; the row lock orders
-- concurrent writes of one environment, so quotas hold exactly.
create table storage_usage (
    application_id  uuid        not null references application (id) on delete cascade,
    environment     varchar(4)  not null check (environment in ('LIVE', 'TEST')),
    documents       bigint      not null default 0 check (documents >= 0),
    document_bytes  bigint      not null default 0 check (document_bytes >= 0),
    end_users       bigint      not null default 0 check (end_users >= 0),
    collections     bigint      not null default 0 check (collections >= 0),
    primary key (application_id, environment)
);

-- writers of instances still running the previous version wait until this migration commits,
-- so the counts below and the triggers' own counting neither miss nor double a row
lock table document, end_user, collection in share row exclusive mode;

-- Kept by triggers, so every path that stores or removes (the API, a cascade, a manual statement)
-- counts. Growth creates the row; shrinking only updates it, so the cascade of an application's
-- deletion never re-creates the row it has just removed.
create function storage_usage_add(app uuid, env varchar, docs bigint, bytes bigint, users bigint, cols bigint)
returns void language plpgsql as $$
begin
    if docs >= 0 and bytes >= 0 and users >= 0 and cols >= 0 then
        insert into storage_usage as u (application_id, environment, documents, document_bytes, end_users, collections)
        values (app, env, docs, bytes, users, cols)
        on conflict (application_id, environment) do update set
            documents = u.documents + docs, document_bytes = u.document_bytes + bytes,
            end_users = u.end_users + users, collections = u.collections + cols;
    else
        update storage_usage set
            documents = greatest(0, documents + docs), document_bytes = greatest(0, document_bytes + bytes),
            end_users = greatest(0, end_users + users), collections = greatest(0, collections + cols)
        where application_id = app and environment = env;
    end if;
end $$;

create function storage_usage_of_document() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform storage_usage_add(new.application_id, new.environment, 1, octet_length(new.body::text), 0, 0);
    elsif tg_op = 'DELETE' then
        perform storage_usage_add(old.application_id, old.environment, -1, -octet_length(old.body::text), 0, 0);
    elsif new.body is distinct from old.body then
        perform storage_usage_add(new.application_id, new.environment, 0,
                                  octet_length(new.body::text) - octet_length(old.body::text), 0, 0);
    end if;
    return null;
end $$;

create trigger storage_usage_of_document after insert or update of body or delete on document
    for each row execute function storage_usage_of_document();

-- end users and collections count one a row; the trigger's argument names which
create function storage_usage_of_row() returns trigger language plpgsql as $$
declare
    users bigint := case when tg_argv[0] = 'end_users' then 1 else 0 end;
    cols bigint := case when tg_argv[0] = 'collections' then 1 else 0 end;
begin
    if tg_op = 'INSERT' then
        perform storage_usage_add(new.application_id, new.environment, 0, 0, users, cols);
    else
        perform storage_usage_add(old.application_id, old.environment, 0, 0, -users, -cols);
    end if;
    return null;
end $$;

create trigger storage_usage_of_end_user after insert or delete on end_user
    for each row execute function storage_usage_of_row('end_users');
create trigger storage_usage_of_collection after insert or delete on collection
    for each row execute function storage_usage_of_row('collections');

-- what is stored already
insert into storage_usage (application_id, environment, documents, document_bytes, end_users, collections)
select application_id, environment, sum(documents), sum(document_bytes), sum(end_users), sum(collections)
from (
    select application_id, environment, count(*) as documents, sum(octet_length(body::text)) as document_bytes,
           0 as end_users, 0 as collections
    from document group by application_id, environment
    union all
    select application_id, environment, 0, 0, count(*), 0 from end_user group by application_id, environment
    union all
    select application_id, environment, 0, 0, 0, count(*) from collection group by application_id, environment
) stored
group by application_id, environment;
