-- Run by Flyway after every migrate (a callback, not a migration: an installation that moves to
-- two roles gets its grants at the next start). Two roles (README, "Database roles"): migrations
-- run as the role that owns the schema (QUARKUS_FLYWAY_USERNAME); the service connects as
-- ${service_role} (QUARKUS_DATASOURCE_USERNAME), which reads and writes every table but may only
-- add to the audit log and never touches Flyway's history. With one role for both, nothing
-- changes here and the triggers alone guard the audit log (an owner could still drop them).
do $$
begin
    -- instances starting at once would grant at once, and PostgreSQL refuses concurrent updates of
    -- one catalog row ("tuple concurrently updated"): one at a time, until this transaction ends
    perform pg_advisory_xact_lock(hashtext('latchkey after-migrate grants'));
    if '${service_role}' <> current_user then
        execute format('grant usage on schema public to %I', '${service_role}');
        execute format('grant select, insert, update, delete on all tables in schema public to %I', '${service_role}');
        execute format('grant usage, select on all sequences in schema public to %I', '${service_role}');
        execute format('revoke update, delete, truncate on audit_log from %I', '${service_role}');
        execute format('revoke all on ${flyway:table} from %I', '${service_role}');
        -- tables of later migrations, created by this same owner
        execute format('alter default privileges in schema public grant select, insert, update, delete on tables to %I',
                       '${service_role}');
        execute format('alter default privileges in schema public grant usage, select on sequences to %I', '${service_role}');
        -- declared indexes: the service role builds them on the document partitions, which only
        -- their owner may index, in a schema where it may create (V24). Giving it the partitions
        -- takes the migrating role's membership in it (README, "Database roles").
        execute format('grant usage, create on schema document_partitions to %I', '${service_role}');
        execute format('grant select, insert, update, delete on all tables in schema document_partitions to %I', '${service_role}');
        if pg_has_role(current_user, '${service_role}', 'MEMBER') then
            execute format('alter table document_partitions.document_live owner to %I', '${service_role}');
            execute format('alter table document_partitions.document_test owner to %I', '${service_role}');
        else
            raise warning 'Declared indexes will fail with "must be owner": % cannot give the document partitions to %; run: grant % to %',
                current_user, '${service_role}', '${service_role}', current_user;
        end if;
    end if;
end
$$;

-- Audit retention in months (LATCHKEY_RETENTION_AUDIT_MONTHS, 0: keep everything), written by the
-- schema's owner at every start: the service's own role can neither change it nor drop partitions
-- other than through audit_log_drop_expired(), which honours it.
create or replace function audit_log_retention_months() returns int language sql stable
    as 'select greatest(0, ${audit_retention_months})';

-- the audit log's partitions are append-only for the service's role like the log itself (the
-- grants above gave it every table, partitions included); it may call the two functions that
-- make and drop partitions, which run as the owner. Nobody but the owner creates objects in the
-- schema (PostgreSQL before 15 let every role), so no role can plant a function those security
-- definer functions would call instead of the built-in one.
revoke create on schema public from public;
do $$
declare
    partition_name text;
begin
    execute format('grant execute on function audit_log_partitions_ahead(int), audit_log_drop_expired() to %I', '${service_role}');
    if '${service_role}' <> current_user then
        for partition_name in select name from audit_log_bounds() loop
            execute format('revoke update, delete, truncate on %I from %I', partition_name, '${service_role}');
        end loop;
    end if;
end
$$;
