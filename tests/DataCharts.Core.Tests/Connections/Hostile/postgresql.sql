-- Hostile statements for the live PostgreSQL guard (HostileCorpusTests). Every one must be refused by LiveSqlGuard.
-- Entries are separated by lines that start with "-- ====". A separator that says "guard-only: why" marks a statement the
-- read-only transaction alone does not stop (it would change something, hold a lock or wait), so the test never sends it
-- to the server without the guard.
-- Placeholders: {canary} the test's own table (the only one the guard may read), {seq} its sequence, {role} its role,
-- {x} a prefix unique to the run for anything a statement would create, {file} /tmp/{x}, {db} the database.
-- ==== writes
DELETE FROM {canary}
-- ====
UPDATE {canary} SET note = 'pwned'
-- ====
INSERT INTO {canary} VALUES (99, 'pwned')
-- ====
INSERT INTO {canary} SELECT id + 100, note FROM {canary}
-- ====
MERGE INTO {canary} c USING (SELECT 1 AS id) s ON c.id = s.id WHEN MATCHED THEN DELETE
-- ====
TRUNCATE {canary}
-- ====
DELETE FROM {canary} WHERE true RETURNING *
-- ==== DDL
DROP TABLE {canary}
-- ====
ALTER TABLE {canary} ADD COLUMN pwned int
-- ====
ALTER TABLE {canary} RENAME TO {x}_renamed
-- ====
CREATE TABLE {x}_t (x int)
-- ====
CREATE TABLE {x}_copy AS SELECT * FROM {canary}
-- ====
CREATE UNLOGGED TABLE {x}_unlogged (x int)
-- ====
CREATE VIEW {x}_v AS SELECT 1 AS one
-- ====
CREATE MATERIALIZED VIEW {x}_mv AS SELECT * FROM {canary}
-- ====
CREATE FUNCTION {x}_f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$
-- ====
CREATE SCHEMA {x}_s
-- ====
CREATE INDEX {x}_i ON {canary} (note)
-- ====
CREATE RULE {x}_r AS ON INSERT TO {canary} DO INSTEAD NOTHING
-- ====
CREATE POLICY {x}_p ON {canary} USING (false)
-- ====
COMMENT ON TABLE {canary} IS 'pwned'
-- ====
CREATE EXTENSION IF NOT EXISTS dblink
-- ====
CREATE DATABASE {x}_db
-- ====
CREATE SEQUENCE {x}_seq
-- ====
CREATE TEMP TABLE {x}_tt AS SELECT * FROM {canary}
-- ====
CREATE PUBLICATION {x}_pub FOR ALL TABLES
-- ====
CREATE SERVER {x}_srv FOREIGN DATA WRAPPER dblink_fdw OPTIONS (host '127.0.0.1')
-- ====
ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO PUBLIC
-- ====
REFRESH MATERIALIZED VIEW {canary}
-- ==== SELECT INTO
SELECT * INTO {x}_into FROM {canary}
-- ====
SELECT * INTO TEMP {x}_into_tmp FROM {canary}
-- ====
SELECT id INTO UNLOGGED {x}_into_unlogged FROM {canary} WHERE id > 0
-- ==== roles and permissions
CREATE ROLE {x}_admin SUPERUSER LOGIN PASSWORD 'pwned'
-- ====
ALTER ROLE {role} SUPERUSER
-- ====
ALTER ROLE {role} SET statement_timeout = 0
-- ====
DROP ROLE {role}
-- ====
GRANT ALL ON {canary} TO PUBLIC
-- ====
GRANT pg_read_server_files TO {role}
-- ====
GRANT pg_execute_server_program TO {role}
-- ====
REVOKE ALL ON {canary} FROM CURRENT_USER
-- ====
ALTER DATABASE {db} SET default_transaction_read_only = off
-- ==== settings and sessions
ALTER SYSTEM SET work_mem = '1GB'
-- ====
SET ROLE {role}
-- ====
SET SESSION AUTHORIZATION {role}
-- ====
SET default_transaction_read_only = off
-- ====
SET TRANSACTION READ WRITE
-- ====
SET search_path = pg_catalog
-- ====
RESET ALL
-- ====
SELECT set_config('default_transaction_read_only', 'off', false)
-- ====
SELECT set_config('transaction_read_only', 'off', true)
-- ====
SELECT pg_catalog.set_config('role', '{role}', false)
-- ====
SELECT current_setting('data_directory')
-- ====
SELECT * FROM {canary} t WHERE t.note = (SELECT current_setting('data_directory'))
-- ====
DISCARD ALL
-- ==== guard-only: the COMMIT ends the read-only transaction and what follows runs outside it
COMMIT; DELETE FROM {canary}
-- ==== guard-only: the ROLLBACK ends the read-only transaction and what follows runs outside it
ROLLBACK; DELETE FROM {canary}; COMMIT
-- ====
BEGIN; DELETE FROM {canary}; COMMIT
-- ====
START TRANSACTION READ WRITE
-- ==== guard-only: END commits, ending the read-only transaction, and what follows runs outside it
END; DELETE FROM {canary}
-- ====
SAVEPOINT s1
-- ==== procedures and code
PREPARE {x}_plan AS DELETE FROM {canary}
-- ====
EXECUTE {x}_plan
-- ====
DEALLOCATE ALL
-- ====
DO $$ BEGIN DELETE FROM {canary}; END $$
-- ====
DO LANGUAGE plpgsql 'BEGIN UPDATE {canary} SET note = ''pwned''; END'
-- ====
CALL {x}_proc()
-- ==== guard-only: COPY … TO a file writes it on the server inside a read-only transaction
COPY {canary} TO '{file}_copy.csv'
-- ==== guard-only: COPY … TO PROGRAM runs a program on the server inside a read-only transaction
COPY (SELECT * FROM {canary}) TO PROGRAM 'touch {file}_prog'
-- ====
COPY {canary} FROM '/etc/hostname'
-- ====
COPY {canary} FROM PROGRAM 'echo 77,pwned' WITH (FORMAT csv)
-- ====
COPY (SELECT 1) TO STDOUT
-- ====
SELECT pg_read_file('/etc/passwd')
-- ====
SELECT pg_read_file('postgresql.conf')
-- ====
SELECT pg_read_binary_file('/etc/hostname')
-- ====
SELECT * FROM pg_ls_dir('.')
-- ====
SELECT pg_stat_file('postgresql.conf')
-- ====
SELECT lo_import('/etc/hostname')
-- ====
SELECT lo_export(lo_from_bytea(0, 'pwned'), '{file}_lo')
-- ====
SELECT lo_get(1)
-- ====
SELECT * FROM dblink('host=127.0.0.1 dbname={db}', 'DELETE FROM {canary}') AS t(x text)
-- ====
SELECT dblink_exec('dbname={db}', 'DROP TABLE {canary}')
-- ====
SELECT query_to_xml('DELETE FROM {canary} RETURNING *', true, false, '')
-- ====
SELECT query_to_xml('SELECT * FROM pg_authid', true, false, '')
-- ====
SELECT ts_stat('SELECT to_tsvector(note) FROM {canary}')
-- ====
SELECT xmlparse(document '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
-- ====
SELECT * FROM generate_series(1, 3) g, LATERAL pg_ls_dir('.') f
-- ====
SELECT * FROM ROWS FROM (pg_ls_dir('/'))
-- ====
SELECT pg_read_file(chr(47) || 'etc/passwd')
-- ====
SELECT pg_catalog.pg_read_file('/etc/passwd')
-- ====
SELECT "pg_read_file"('/etc/passwd')
-- ====
SELECT PG_READ_FILE('/etc/passwd')
-- ====
SELECT pg_read_file /* a comment before the bracket */ ('/etc/passwd')
-- ====
SELECT t.pg_read_file FROM {canary} t
-- ==== waiting, locks, the server
-- ==== guard-only: pg_sleep holds the connection until the statement timeout
SELECT pg_sleep(10)
-- ==== guard-only: pg_sleep holds the connection until the statement timeout
SELECT pg_sleep_for('10 seconds')
-- ==== guard-only: pg_sleep holds the connection until the statement timeout
SELECT * FROM {canary} WHERE id = 1 AND pg_sleep(10) IS NOT NULL
-- ====
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{x}'
-- ====
SELECT pg_cancel_backend(pg_backend_pid())
-- ==== guard-only: makes the server reload its configuration
SELECT pg_reload_conf()
-- ==== guard-only: a session-level advisory lock outlives the read-only transaction
SELECT pg_advisory_lock(4242)
-- ==== guard-only: a session-level advisory lock outlives the read-only transaction
SELECT pg_try_advisory_lock(4243)
-- ====
SELECT pg_advisory_xact_lock(4244)
-- ====
SELECT nextval('{seq}')
-- ====
SELECT setval('{seq}', 1000)
-- ====
SELECT txid_current()
-- ====
SELECT pg_notify('{x}', 'pwned')
-- ====
LISTEN {x}
-- ====
NOTIFY {x}, 'pwned'
-- ====
VACUUM {canary}
-- ==== guard-only: updates the table's statistics in place, which no rollback restores
ANALYZE {canary}
-- ====
REINDEX TABLE {canary}
-- ====
CLUSTER {canary}
-- ==== guard-only: forces a checkpoint on the server
CHECKPOINT
-- ====
LOCK TABLE {canary} IN ACCESS EXCLUSIVE MODE
-- ====
SELECT pg_logical_emit_message(true, '{x}', 'pwned')
-- ==== guard-only: a replication slot is created outside the transaction
SELECT pg_create_physical_replication_slot('{x}_slot')
-- ==== guard-only: resets the server's statistics, which no rollback restores
SELECT pg_stat_reset()
-- ==== guard-only: switches the server's write-ahead log file
SELECT pg_switch_wal()
-- ====
SELECT lo_unlink(1)
-- ==== row locks
SELECT * FROM {canary} FOR UPDATE
-- ====
SELECT * FROM {canary} FOR SHARE
-- ====
SELECT * FROM {canary} FOR NO KEY UPDATE NOWAIT
-- ====
SELECT * FROM {canary} FOR KEY SHARE SKIP LOCKED
-- ====
SELECT note FROM {canary} WHERE id = 1 LIMIT 1 FOR UPDATE OF {canary}
-- ==== data-modifying WITH
WITH d AS (DELETE FROM {canary} RETURNING *) SELECT * FROM d
-- ====
WITH u AS (UPDATE {canary} SET note = 'pwned' RETURNING 1) SELECT count(*) FROM u
-- ====
WITH i AS (INSERT INTO {canary} VALUES (98, 'pwned') RETURNING 1) SELECT 1
-- ====
WITH x AS (SELECT 1) DELETE FROM {canary}
-- ====
WITH RECURSIVE r AS (SELECT 1 AS n), d AS (DELETE FROM {canary} RETURNING id) SELECT * FROM r, d
-- ==== stacked statements
SELECT 1; DELETE FROM {canary}
-- ====
SELECT * FROM {canary}; DROP TABLE {canary}
-- ====
SELECT 1 /* ; */ ; DELETE FROM {canary}
-- ====
SELECT * FROM {canary}/**/;/**/DELETE FROM {canary}
-- ====
SeLeCt * FrOm {canary}; DeLeTe FrOm {canary}
-- ====
SELECT * FROM {canary} WHERE 1 = 1 OR note = ''; DELETE FROM {canary}
-- ====
SELECT 1 -- a comment
; DELETE FROM {canary}
-- ====
SELECT 1 --; this comment ends at the carriage return{CR}; DELETE FROM {canary}
-- ==== comment tricks
/* SELECT */ DELETE FROM {canary}
-- ====
-- SELECT
DELETE FROM {canary}
-- ====
SELECT 1 /* never closed ; DELETE FROM {canary}
-- ====
SELECT 1 /* nested /* twice */ but closed once ; DELETE FROM {canary}
-- ====
(DELETE FROM {canary})
-- ==== quote and escape tricks
SELECT '; DELETE FROM {canary}; --' ; DELETE FROM {canary}
-- ====
SELECT 'a\'; DELETE FROM {canary}; --'
-- ====
SELECT 'a\\'; DELETE FROM {canary}; --'
-- ====
SELECT E'\''; DELETE FROM {canary}; --'
-- ====
SELECT E'\\'; DELETE FROM {canary}; --'
-- ====
SELECT E'x'
'\'; DELETE FROM {canary}; --'
-- ====
SELECT e'\x27'; DELETE FROM {canary}; --'
-- ====
SELECT 'x' '; DELETE FROM {canary}'; DELETE FROM {canary}
-- ====
SELECT N'x'; DELETE FROM {canary}
-- ====
SELECT B'0101'; DELETE FROM {canary}
-- ====
SELECT X'1F''; DELETE FROM {canary}
-- ====
SELECT "note"; DELETE FROM {canary}
-- ====
SELECT "a""; DELETE FROM {canary}; --"; DELETE FROM {canary}
-- ==== dollar-quote tricks
SELECT $$; DELETE FROM {canary}; $$; DELETE FROM {canary}
-- ====
SELECT $a$ $b$ $a$; DELETE FROM {canary}
-- ====
SELECT $$ never closed; DELETE FROM {canary}
-- ====
SELECT $x$ $X$; DELETE FROM {canary}; $X$
-- ====
SELECT $é$; DELETE FROM {canary}; $é$
-- ====
SELECT 1 AS x$$; DELETE FROM {canary}; --$$
-- ==== unicode tricks
SELECT U&'\0027'; DELETE FROM {canary}; --'
-- ====
SELECT * FROM U&"pg_sha\0064ow"
-- ====
SELECT * FROM pg_ѕhadow
-- ====
ＤＥＬＥＴＥ FROM {canary}
-- ====
SELECT * FROM {canary}；DELETE FROM {canary}
-- ====
DELETE{NBSP}FROM {canary}
-- ====
SELECT{NBSP}* FROM pg_shadow
-- ==== catalog reads
SELECT * FROM pg_shadow
-- ====
SELECT * FROM "pg_shadow"
-- ====
SELECT * FROM pg_authid
-- ====
SELECT rolname, rolpassword FROM pg_catalog.pg_authid
-- ====
SELECT * FROM pg_catalog.pg_user
-- ====
SELECT * FROM information_schema.tables
-- ====
SELECT * FROM information_schema.role_table_grants
-- ====
SELECT * FROM pg_stat_activity
-- ====
SELECT * FROM pg_settings
-- ====
SELECT * FROM pg_hba_file_rules
-- ====
SELECT * FROM pg_file_settings
-- ====
SELECT * FROM {canary} WHERE note IN (SELECT rolname FROM pg_roles)
-- ====
SELECT * FROM {canary} JOIN pg_database d ON true
-- ====
SELECT * FROM {canary} qualify, pg_shadow
-- ====
SELECT * FROM {canary} minus, pg_authid
-- ====
SELECT * FROM {canary} AS "where", pg_catalog.pg_authid
-- ====
SELECT * FROM {canary} TABLESAMPLE SYSTEM (100), pg_shadow
-- ====
SELECT * FROM {canary}, (pg_shadow CROSS JOIN pg_authid)
-- ====
SELECT (SELECT usename FROM pg_user LIMIT 1)
-- ====
SELECT id FROM {canary} UNION ALL TABLE pg_authid
-- ====
TABLE pg_authid
-- ====
WITH pg_authid AS (SELECT 1) SELECT * FROM pg_authid
-- ====
SELECT * FROM (WITH a AS (SELECT 1) SELECT * FROM a) s, a
-- ====
WITH {x}_c AS (SELECT * FROM {x}_c) SELECT * FROM {x}_c
-- ====
SELECT * FROM public.pg_class
-- ====
SELECT * FROM {db}.public.{canary}
-- ====
SELECT * FROM {canary}, pg_catalog.pg_namespace
-- ====
SELECT 'pg_authid'::regclass::oid
-- ====
SELECT current_user::regrole
-- ====
SELECT CAST('pg_shadow' AS regclass)
-- ====
SELECT version()
-- ====
SELECT inet_server_addr()
-- ==== statements that are not SELECT
EXPLAIN ANALYZE DELETE FROM {canary}
-- ====
EXPLAIN SELECT * FROM {canary}
-- ====
SHOW data_directory
-- ====
SHOW ALL
-- ====
VALUES (1)
-- ====
IMPORT FOREIGN SCHEMA public FROM SERVER {x}_srv INTO public
-- ====
SECURITY LABEL ON TABLE {canary} IS 'pwned'
-- ====
SELECT 1 \g
