-- A revocation is never undone (security review, second round): whatever writes a key's row, its
-- revoked_at may only be set or moved earlier (a revoke ends a rotation's grace period early),
-- never cleared or moved later. The service writes only the columns it changes and locks the row
-- first; this guards the promise against any writer, including a future bug or a manual UPDATE.
create function api_key_revocation_is_final() returns trigger language plpgsql as $$
begin
    if old.revoked_at is not null and (new.revoked_at is null or new.revoked_at > old.revoked_at) then
        new.revoked_at := old.revoked_at;
    end if;
    return new;
end $$;

create trigger api_key_revocation_is_final
    before update of revoked_at on api_key
    for each row execute function api_key_revocation_is_final();
