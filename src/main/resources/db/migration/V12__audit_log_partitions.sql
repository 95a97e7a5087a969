-- Audit retention (security review, second round): the audit log is partitioned by month of `at`,
-- so entries past the retention period leave by dropping whole partitions; no row is ever updated
-- or deleted, which the append-only triggers keep refusing. Retention is off unless the operator
-- sets it (afterMigrate.sql writes it, as the schema's owner, into audit_log_retention_months()).

-- months are UTC months whatever the session's time zone (the JDBC driver sets the JVM's)
set local timezone = 'UTC';

-- the log so far becomes the first partition: everything before next month
alter table audit_log rename to audit_log_until_partitioning;
-- the partitioned log's key is (id, at), which attaching builds; ids stay unique by their sequence
alter table audit_log_until_partitioning drop constraint audit_log_pkey;
alter index audit_log_application_idx rename to audit_log_until_partitioning_application_idx;
drop trigger audit_log_append_only on audit_log_until_partitioning;
drop trigger audit_log_no_truncate on audit_log_until_partitioning;

create table audit_log (like audit_log_until_partitioning including defaults) partition by range (at);
-- the ids keep counting from the same sequence, which must outlive the first partition
alter sequence audit_log_id_seq owned by audit_log.id;
alter table audit_log add primary key (id, at);
create index audit_log_application_idx on audit_log (application_id, id);

do $$
begin
    execute format('alter table audit_log attach partition audit_log_until_partitioning for values from (minvalue) to (%L)',
                   date_trunc('month', now() at time zone 'UTC') + interval '1 month');
end
$$;
-- rows with a time no monthly partition covers (the partitions ahead were not made in time) land
-- here and are kept; retention never drops this one
create table audit_log_default partition of audit_log default;

create trigger audit_log_append_only
    before update or delete on audit_log
    for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function audit_log_is_append_only();
create trigger audit_log_no_truncate
    before truncate on audit_log_until_partitioning
    for each statement execute function audit_log_is_append_only();
create trigger audit_log_no_truncate
    before truncate on audit_log_default
    for each statement execute function audit_log_is_append_only();

-- Only the schema's owner can make or drop partitions; the service calls these two functions
-- (security definer), which do nothing else. Their search path puts pg_catalog first, so every
-- object they make or touch is named with its schema. A partition is append-only like its parent: the row
-- triggers are inherited, TRUNCATE is refused, and no role but the owner may change rows in it.
create function audit_log_partitions_ahead(months int) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp set timezone = 'UTC' as $$
declare
    month_start timestamptz;
    partition_name text;
    grantee text;
begin
    perform pg_advisory_xact_lock(hashtext('latchkey audit partitions'));
    for i in 0 .. least(greatest(months, 0), 24) loop
        month_start := date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' + make_interval(months => i);
        partition_name := 'audit_log_' || to_char(month_start at time zone 'UTC', '"y"YYYY"m"MM');
        -- partitions are contiguous up to the newest one's end: a month before it is covered already
        continue when month_start < coalesce((select max(upper_bound) from audit_log_bounds()), '-infinity');
        begin
            execute format('create table public.%I partition of public.audit_log for values from (%L) to (%L)', partition_name,
                           month_start, month_start + interval '1 month');
        exception when others then
            -- the default partition already holds rows of this month (partitions were not made in
            -- time): they stay there, kept, and later months still get their partitions
            raise notice 'audit_log: no partition for %: %', partition_name, sqlerrm;
            continue;
        end;
        execute format('create trigger audit_log_no_truncate before truncate on public.%I '
                       'for each statement execute function public.audit_log_is_append_only()', partition_name);
        for grantee in select distinct g.grantee from information_schema.role_table_grants g
                       where g.table_name = partition_name and g.grantee <> current_user loop
            execute format('revoke update, delete, truncate on public.%I from %I', partition_name, grantee);
        end loop;
    end loop;
end $$;

-- each partition of the audit log with the end of its range (null: the default partition)
create function audit_log_bounds() returns table (name text, upper_bound timestamptz)
language sql stable set search_path = pg_catalog, public, pg_temp set timezone = 'UTC' as $$
    select c.relname::text,
           substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \(''([^'']+)''\)')::timestamptz
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.audit_log'::regclass
$$;

-- the retention the operator set, in months (0: keep everything); replaced by afterMigrate.sql
create function audit_log_retention_months() returns int language sql stable as 'select 0';

-- drops the partitions whose whole month was older than the retention at `at`; how many it dropped.
-- Only the owner may name the time (tests, an operator's manual run); the service calls the one below.
create function audit_log_drop_expired_as_of(at timestamptz) returns int
language plpgsql security definer set search_path = pg_catalog, public, pg_temp set timezone = 'UTC' as $$
declare
    months int := audit_log_retention_months();
    expired record;
    dropped int := 0;
begin
    if months is null or months < 1 then
        return 0;
    end if;
    perform pg_advisory_xact_lock(hashtext('latchkey audit partitions'));
    for expired in select name from audit_log_bounds()
                   where upper_bound is not null and upper_bound <= at - make_interval(months => months) loop
        execute format('alter table public.audit_log detach partition public.%I', expired.name);
        execute format('drop table public.%I', expired.name);
        dropped := dropped + 1;
    end loop;
    return dropped;
end $$;
revoke execute on function audit_log_drop_expired_as_of(timestamptz) from public;

create function audit_log_drop_expired() returns int
language sql security definer set search_path = pg_catalog, public, pg_temp as 'select audit_log_drop_expired_as_of(now())';
-- the service calls these two; nobody else needs to
revoke execute on function audit_log_partitions_ahead(int) from public;
revoke execute on function audit_log_drop_expired() from public;

select audit_log_partitions_ahead(3);
