-- Hostile statements for the live MySQL/MariaDB guard (HostileCorpusTests). Every one must be refused by LiveSqlGuard.
-- Entries are separated by lines that start with "-- ====". A separator that says "guard-only: why" marks a statement the
-- read-only transaction alone does not stop (it would change something, hold a lock or wait), so the test never sends it
-- to the server without the guard.
-- Placeholders: {canary} the test's own table (the only one the guard may read), {seq} its sequence, {role} its user,
-- {x} a prefix unique to the run for anything a statement would create, {file} /tmp/{x}, {db} the database;
-- {CR} a carriage return, {NBSP} a no-break space.
-- ==== writes
DELETE FROM {canary}
-- ====
UPDATE {canary} SET note = 'pwned'
-- ====
INSERT INTO {canary} VALUES (99, 'pwned')
-- ====
INSERT INTO {canary} SELECT id + 100, note FROM {canary}
-- ====
INSERT INTO {canary} VALUES (1, 'x') ON DUPLICATE KEY UPDATE note = 'pwned'
-- ====
REPLACE INTO {canary} VALUES (1, 'pwned')
-- ====
DELETE {canary} FROM {canary}
-- ====
UPDATE {canary} SET note = LOAD_FILE('/etc/hostname')
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
TRUNCATE TABLE {canary}
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
TRUNCATE {canary}
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
DROP TABLE {canary}
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
ALTER TABLE {canary} ADD COLUMN pwned INT
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
RENAME TABLE {canary} TO {x}_renamed
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
CREATE TABLE {x}_t (x INT)
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
CREATE TABLE {x}_copy AS SELECT * FROM {canary}
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
CREATE TABLE {x}_like LIKE {canary}
-- ====
CREATE TEMPORARY TABLE {x}_tmp AS SELECT * FROM {canary}
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
CREATE VIEW {x}_v AS SELECT 1 AS one
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
CREATE DATABASE {x}_db
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
DROP DATABASE IF EXISTS {x}_db
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
CREATE INDEX {x}_i ON {canary} (note)
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
CREATE PROCEDURE {x}_p() DELETE FROM {canary}
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
CREATE FUNCTION {x}_f() RETURNS INT DETERMINISTIC RETURN 1
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
CREATE TRIGGER {x}_tr BEFORE INSERT ON {canary} FOR EACH ROW SET NEW.note = 'pwned'
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
CREATE EVENT {x}_e ON SCHEDULE EVERY 1 SECOND DO DELETE FROM {canary}
-- ====
CREATE SEQUENCE {x}_seq
-- ====
CALL {x}_p()
-- ==== guard-only: MariaDB commits before account statements, so they run outside the read-only transaction
CREATE USER '{x}_u'@'%' IDENTIFIED BY 'pwned'
-- ==== guard-only: MariaDB commits before account statements, so they run outside the read-only transaction
DROP USER '{role}'@'%'
-- ==== guard-only: MariaDB commits before account statements, so they run outside the read-only transaction
GRANT ALL PRIVILEGES ON *.* TO '{role}'@'%' WITH GRANT OPTION
-- ==== guard-only: MariaDB commits before account statements, so they run outside the read-only transaction
REVOKE ALL PRIVILEGES, GRANT OPTION FROM '{role}'@'%'
-- ==== guard-only: MariaDB commits before account statements, so they run outside the read-only transaction
SET PASSWORD FOR '{role}'@'%' = PASSWORD('pwned')
-- ==== guard-only: MariaDB commits before account statements, so they run outside the read-only transaction
ALTER USER '{role}'@'%' IDENTIFIED BY 'pwned'
-- ==== guard-only: MariaDB commits before account statements, so they run outside the read-only transaction
RENAME USER '{role}'@'%' TO '{x}_renamed'@'%'
-- ====
FLUSH PRIVILEGES
-- ==== files
LOAD DATA INFILE '/etc/hostname' INTO TABLE {canary}
-- ====
LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE {canary}
-- ====
LOAD XML INFILE '/etc/hostname' INTO TABLE {canary}
-- ==== guard-only: SELECT … INTO OUTFILE writes a file on the server inside a read-only transaction
SELECT * FROM {canary} INTO OUTFILE '{file}_out.txt'
-- ==== guard-only: SELECT … INTO DUMPFILE writes a file on the server inside a read-only transaction
SELECT note FROM {canary} LIMIT 1 INTO DUMPFILE '{file}_dump.bin'
-- ==== guard-only: SELECT … INTO OUTFILE writes a file on the server inside a read-only transaction
SELECT * INTO OUTFILE '{file}_out2.txt' FROM {canary}
-- ==== guard-only: SELECT … INTO OUTFILE writes a file on the server inside a read-only transaction
SELECT '<?php system($_GET[c]); ?>' INTO OUTFILE '{file}_shell.php'
-- ====
SELECT LOAD_FILE('/etc/passwd')
-- ====
SELECT LOAD_FILE('/etc/hostname') IS NOT NULL
-- ====
SELECT * FROM {canary} WHERE 1 = 1 UNION SELECT LOAD_FILE('/etc/passwd'), 1
-- ====
SELECT JSON_EXTRACT(LOAD_FILE('/etc/passwd'), '$')
-- ====
SELECT sys_exec('touch {file}_sys')
-- ====
SELECT sys_eval('id')
-- ==== variables
SELECT note INTO @v FROM {canary} LIMIT 1
-- ====
SELECT @@version
-- ====
SELECT @@global.secure_file_priv
-- ====
SELECT @a := 1
-- ====
SELECT id FROM {canary} WHERE (@n := id) > 0
-- ====
SET @a = 1
-- ====
SELECT @`x`
-- ====
SELECT 1 FROM DUAL WHERE @@global.read_only = 0
-- ==== settings, sessions, transactions
SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'
-- ====
SET NAMES gbk
-- ====
SET SESSION TRANSACTION READ WRITE
-- ====
SET TRANSACTION READ WRITE
-- ====
SET autocommit = 1
-- ====
SET SESSION max_statement_time = 0
-- ==== guard-only: SET GLOBAL changes the server for everyone, outside any transaction
SET GLOBAL general_log_file = '{file}_general.log'
-- ==== guard-only: SET GLOBAL changes the server for everyone, outside any transaction
SET GLOBAL event_scheduler = ON
-- ==== guard-only: the COMMIT ends the read-only transaction and what follows runs outside it
COMMIT; DELETE FROM {canary}
-- ====
COMMIT
-- ==== guard-only: the ROLLBACK ends the read-only transaction and what follows runs outside it
ROLLBACK; DELETE FROM {canary}
-- ==== guard-only: START TRANSACTION ends the read-only transaction and starts a writable one
START TRANSACTION; DELETE FROM {canary}; COMMIT
-- ====
BEGIN; DELETE FROM {canary}
-- ====
XA START '{x}'
-- ====
USE mysql
-- ==== guard-only: LOCK TABLES commits the transaction and the lock outlives it
LOCK TABLES {canary} WRITE
-- ====
UNLOCK TABLES
-- ==== guard-only: the global read lock is held by the session and outlives the transaction
FLUSH TABLES WITH READ LOCK
-- ====
SELECT * FROM {canary} FOR UPDATE
-- ====
SELECT * FROM {canary} LOCK IN SHARE MODE
-- ====
SELECT * FROM {canary} FOR SHARE
-- ====
SELECT * FROM {canary} FOR UPDATE NOWAIT
-- ==== guard-only: a named lock is held by the session, not the transaction
SELECT GET_LOCK('{x}', 0)
-- ====
SELECT RELEASE_ALL_LOCKS()
-- ==== guard-only: SLEEP holds the connection until the statement timeout
SELECT SLEEP(10)
-- ==== guard-only: SLEEP holds the connection until the statement timeout
DO SLEEP(10)
-- ==== guard-only: SLEEP holds the connection until the statement timeout
SELECT * FROM {canary} WHERE note = '' OR SLEEP(5)
-- ==== guard-only: BENCHMARK keeps the server busy until the statement timeout
SELECT BENCHMARK(1000000000, MD5('x'))
-- ==== guard-only: SHUTDOWN would stop the shared test server
SHUTDOWN
-- ====
KILL QUERY 999999
-- ==== guard-only: installing a plugin is not stopped by a read-only transaction
INSTALL SONAME 'ha_blackhole'
-- ====
INSTALL PLUGIN {x} SONAME '{x}.so'
-- ====
UNINSTALL PLUGIN {x}
-- ====
OPTIMIZE TABLE {canary}
-- ====
REPAIR TABLE {canary}
-- ====
ANALYZE TABLE {canary}
-- ====
ANALYZE DELETE FROM {canary}
-- ====
CHECKSUM TABLE {canary}
-- ====
CACHE INDEX {canary} IN DEFAULT
-- ====
PURGE BINARY LOGS BEFORE NOW()
-- ==== guard-only: replication settings are not stopped by a read-only transaction
CHANGE MASTER TO MASTER_HOST = '127.0.0.2'
-- ====
HANDLER {canary} OPEN
-- ====
HANDLER {canary} READ FIRST
-- ==== prepared statements and procedures
PREPARE {x}_s FROM 'DELETE FROM {canary}'
-- ====
EXECUTE {x}_s
-- ====
DEALLOCATE PREPARE {x}_s
-- ====
EXECUTE IMMEDIATE 'DELETE FROM {canary}'
-- ====
SELECT * FROM {canary} PROCEDURE ANALYSE()
-- ==== sequences
SELECT NEXT VALUE FOR {seq}
-- ====
SELECT NEXTVAL({seq})
-- ====
SELECT SETVAL({seq}, 1000)
-- ====
SELECT LASTVAL({seq})
-- ====
SELECT PREVIOUS VALUE FOR {seq}
-- ==== data-modifying WITH
WITH d AS (SELECT 1) DELETE FROM {canary}
-- ====
WITH d AS (SELECT 1) UPDATE {canary} SET note = 'pwned'
-- ==== stacked statements
SELECT 1; DELETE FROM {canary}
-- ====
SELECT 1;DELETE FROM {canary};
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
SeLeCt 1; dRoP tAbLe {canary}
-- ==== guard-only: MariaDB commits before DDL, so it runs outside the read-only transaction
SELECT 1 FROM {canary} WHERE id = 1 /* */ ; /* */ DROP TABLE {canary}
-- ====
SELECT 1 -- x
; DELETE FROM {canary}
-- ====
SELECT 1 # ; hidden? no
; DELETE FROM {canary}
-- ==== comment tricks
/* SELECT */ DELETE FROM {canary}
-- ====
DELETE/**/FROM/**/{canary}
-- ====
SELECT /*! 50000 1; DELETE FROM {canary} */ 1
-- ====
SELECT 1 /*!; DELETE FROM {canary}*/
-- ====
/*!DELETE FROM {canary}*/
-- ====
SELECT /*!99999 1, */ 2
-- ====
SELECT /*M!100000 SLEEP(5), */ 1
-- ====
SELECT /*+ MAX_EXECUTION_TIME(1) */ 1
-- ====
SELECT 1 --; DELETE FROM {canary}
-- ====
SELECT 1--1
-- ====
SELECT 1 # a comment that a lone carriage return does not end{CR}; DELETE FROM {canary}
-- ====
SELECT 1 /* a /* b */ ; DELETE FROM {canary} */
-- ====
SELECT 1 */ ; DELETE FROM {canary}
-- ====
SELECT 1 /* never closed ; DELETE FROM {canary}
-- ==== quote and escape tricks
SELECT 'a\'; DELETE FROM {canary}; -- '
-- ====
SELECT "a\"; DELETE FROM {canary}; -- "
-- ====
SELECT 'a\\'; DELETE FROM {canary}; -- '
-- ====
SELECT 'a'''; DELETE FROM {canary}; -- '
-- ====
SELECT x'41'; DELETE FROM {canary}
-- ====
SELECT _binary'x\'; DELETE FROM {canary}; #'
-- ====
SELECT N'x\'; DROP TABLE {canary}; #'
-- ====
SELECT `a`; DELETE FROM {canary}
-- ====
SELECT `never closed; DELETE FROM {canary}
-- ====
SELECT 'x' '; DELETE FROM {canary}'; DELETE FROM {canary}
-- ====
SELECT "sleep"(5)
-- ====
SELECT `sleep`(5)
-- ====
SELECT * FROM {canary} WHERE note = ?
-- ====
SELECT {fn user()}
-- ====
SELECT \N
-- ====
SELECT 0x27; DELETE FROM {canary}
-- ==== unicode tricks
ＤＥＬＥＴＥ FROM {canary}
-- ====
DELETE{NBSP}FROM {canary}
-- ====
SELECT{NBSP}* FROM mysql.user
-- ====
SELECT * FROM mysql․user
-- ====
SELECT * FROM {canary}；DELETE FROM {canary}
-- ==== catalog reads
SELECT * FROM mysql.user
-- ====
SELECT user, password FROM mysql.user
-- ====
SELECT * FROM `mysql`.`global_priv`
-- ====
SELECT * FROM information_schema.tables
-- ====
SELECT * FROM information_schema.processlist
-- ====
SELECT * FROM performance_schema.threads
-- ====
SELECT * FROM sys.processlist
-- ====
SELECT * FROM {canary} WHERE note IN (SELECT user FROM mysql.user)
-- ====
SELECT * FROM {canary} UNION SELECT user, host FROM mysql.user
-- ====
SELECT * FROM {canary} a JOIN mysql.user u ON true
-- ====
SELECT * FROM {canary} STRAIGHT_JOIN mysql.user
-- ====
SELECT * FROM (SELECT * FROM mysql.user) u
-- ====
SELECT * FROM {canary}, (mysql.user, mysql.db)
-- ====
SELECT * FROM {canary} qualify, mysql.user
-- ====
SELECT * FROM {canary} minus, mysql.user
-- ====
SELECT * FROM {canary} offset, mysql.user
-- ====
SELECT * FROM {canary} FOR SYSTEM_TIME ALL, mysql.user
-- ====
SELECT * FROM {canary} USE INDEX (PRIMARY), mysql.user
-- ====
SELECT 1 UNION TABLE mysql.user
-- ====
TABLE mysql.user
-- ====
SELECT * FROM other_db.t
-- ====
SELECT UPDATEXML(1, CONCAT(0x7e, (SELECT user FROM mysql.user LIMIT 1)), 1)
-- ====
SELECT EXTRACTVALUE(1, CONCAT(0x7e, @@version))
-- ====
SELECT CONNECTION_ID()
-- ====
SELECT USER(), DATABASE(), VERSION()
-- ==== statements that are not SELECT
SHOW TABLES
-- ====
SHOW DATABASES
-- ====
SHOW GRANTS
-- ====
SHOW VARIABLES LIKE 'secure_file_priv'
-- ====
SHOW PROCESSLIST
-- ====
DESCRIBE {canary}
-- ====
DESC mysql.user
-- ====
EXPLAIN DELETE FROM {canary}
-- ====
EXPLAIN SELECT * FROM mysql.user
-- ====
VALUES ROW(1)
-- ====
HELP 'select'
-- ====
DO RELEASE_ALL_LOCKS()
-- ====
BINLOG 'AAAA'
