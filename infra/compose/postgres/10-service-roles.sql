-- A service's two database roles, neither a superuser, neither with a way into another
-- database. docker-compose.yml mounts this file into
-- each service's Postgres, which runs it once, on first start, as the superuser, in the
-- service's database (so current_database() names the service):
--
--   <db>_migrator  owns the database and its public schema: the migrate step logs in as it.
--   <db>_app       what the running service logs in as: rows only (SELECT, INSERT, UPDATE,
--                  DELETE) on the migrator's tables and use of its sequences; no DDL.
--
-- The passwords are fixed demo values (<db>-migrator-password, <db>-app-password), repeated in
-- the services' URLs in docker-compose.yml, like every other secret of this local stack.
--
-- Written for both the official image (psql) and infra/images/postgres (single-user mode):
-- one statement, ending with a semicolon and a blank line, and no backslash commands.
DO $$
DECLARE
  db text := current_database();
  migrator text := db || '_migrator';
  app text := db || '_app';
BEGIN
  EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', migrator, db || '-migrator-password');
  EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', app, db || '-app-password');
  -- Owning the database makes the migrator the owner of its public schema too (Postgres 15:
  -- pg_database_owner), with the right to create tables there.
  EXECUTE format('ALTER DATABASE %I OWNER TO %I', db, migrator);
  -- Nobody else connects or looks into the schema (the superuser needs no grant).
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', db);
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', db, app);
  -- Nor to the server's other databases, which every role may connect to by default: a
  -- service's roles have nothing to do there (the superuser connects without a grant).
  REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
  REVOKE CONNECT ON DATABASE template1 FROM PUBLIC;
  REVOKE ALL ON SCHEMA public FROM PUBLIC;
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
  -- Whatever the migrations create from now on comes with the app's rights, and only those.
  EXECUTE format(
    'ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
    'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', migrator, app);
  EXECUTE format(
    'ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
    'GRANT USAGE, SELECT ON SEQUENCES TO %I', migrator, app);
END
$$;

