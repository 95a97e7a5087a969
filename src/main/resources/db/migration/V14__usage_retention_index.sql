-- Usage retention deletes by day across every key (RetentionJob): without an index on the day
-- each batch would scan the whole table.
create index key_usage_day_idx on key_usage (day);
