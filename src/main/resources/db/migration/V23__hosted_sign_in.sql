-- Hosted sign-in pages (CONTRACT section 15): a code they hand back to the application's page
-- carries the methods of the sign-in made on the hosted page (its MFA included), so that the
-- exchange opens a session with them; null for a social sign-in's code.
alter table oauth_code add column methods varchar(100);
