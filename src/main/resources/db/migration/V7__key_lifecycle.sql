-- Key lifecycle (CONTRACT section 8): the operator's own data about a key and whose key it is,
-- reversible suspension, and the addresses a secret key may be used from (text: each entry as
-- given, an address or a CIDR range, checked by the service).
alter table api_key add column meta jsonb;
alter table api_key add column external_id varchar(255);
alter table api_key add column enabled boolean not null default true;
alter table api_key add column ip_allowlist text[];
create index api_key_external_id on api_key (application_id, external_id) where external_id is not null;

-- Which fields a change touched (names only, never values): key.update says what it changed.
alter table audit_log add column changes text[];
