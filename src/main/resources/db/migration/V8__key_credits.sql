-- Credits (CONTRACT section 8): uses left, and an optional refill to a fixed amount each day or
-- month (00:00 UTC). credits_remaining counts what no instance has leased yet; credits_period is
-- the refill period it belongs to (a new period starts from the refill amount); credits_version
-- rises with every change an admin makes, so instances drop leases taken under the old setting.
alter table api_key add column credits_remaining bigint check (credits_remaining >= 0);
alter table api_key add column credits_refill_amount bigint check (credits_refill_amount >= 0);
alter table api_key add column credits_refill_interval varchar(8) check (credits_refill_interval in ('daily', 'monthly'));
alter table api_key add column credits_period bigint;
alter table api_key add column credits_version bigint not null default 0;
