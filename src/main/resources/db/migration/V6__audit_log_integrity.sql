-- The audit log stays append-only also against TRUNCATE, which row triggers do not see.
create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function audit_log_is_append_only();

-- The actor is the token's issuer and subject ("admin:<sub>@<iss>"), which can be long.
alter table audit_log alter column actor type varchar(1024);
