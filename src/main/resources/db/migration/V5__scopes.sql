-- Custom scopes: an application's own vocabulary for its own API, the part of it publishable
-- keys hold, and the list a restricted secret key was given (null: every scope).
alter table application add column scopes text[] not null default '{}';
alter table application add column publishable_scopes text[] not null default '{}';
alter table api_key add column scopes text[];
