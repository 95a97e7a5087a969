-- CORS preflights carry no key, so they ask whether any application allows an origin.
create index application_allowed_origins_idx on application using gin (allowed_origins);
