-- Declared indexes (CONTRACT section 16) are built by the serving service, and PostgreSQL lets
-- only a table's owner index it, in a schema where it may create. The document partitions move
-- to a schema of their own, where the service role may create (afterMigrate.sql grants it and
-- hands it the partitions): public stays closed to it, as the audit log's security definer
-- functions need. Queries name the parent, document, which stays in public; its declared indexes
-- move with the partitions.
create schema document_partitions;
alter table document_live set schema document_partitions;
alter table document_test set schema document_partitions;
