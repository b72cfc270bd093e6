-- SocialJour on PostgreSQL: the rights of the runtime role (docs/operations.md, ADR 0018).
-- Run as the database's owner role (socialjour_owner) AFTER every `socialjour migrate`; it is idempotent.
-- The runtime role reads and writes the modules' tables, but the logs are append-only for it: SELECT and INSERT,
-- never UPDATE or DELETE. It reads the migrations history (to refuse starting while a migration is pending) and
-- cannot create anything.
DO $$
DECLARE
  runtime   text   := 'socialjour_runtime';
  schemas   text[] := ARRAY['core', 'intake', 'assessment', 'billing', 'statistics', 'operations'];
  -- the logs: audit log, access log, signed tree heads, chain checks, adapter checks; billing's cost versions and locked
  -- (approved) versions, which are never changed, only added to (ADR 0025); the Data Protection key ring, to which the
  -- hosts only add keys (ADR 0028). Access-log retention (ADR 0029) blanks content as the owner role
  -- (`socialjour access-log-retention --apply yes`), never as this role. Quartz's tables (core.qrtz_*, the clustered job store) are working tables.
  append_only text[] := ARRAY['core.audit_entries', 'core.access_log', 'core.tree_heads', 'core.chain_checks', 'core.adapter_checks',
                              'core.data_protection_keys', 'billing.cost_entries', 'billing.settlements'];
  s text;
  t record;
BEGIN
  FOREACH s IN ARRAY schemas LOOP
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = s) THEN
      EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, runtime);
      EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %I', s, runtime);
      EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', s, runtime);
    END IF;
  END LOOP;

  FOR t IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY (schemas) LOOP
    EXECUTE format('REVOKE ALL ON %I.%I FROM %I', t.schemaname, t.tablename, runtime);
    IF t.tablename = '__migrations' THEN
      EXECUTE format('GRANT SELECT ON %I.%I TO %I', t.schemaname, t.tablename, runtime);
    ELSIF (t.schemaname || '.' || t.tablename) = ANY (append_only) THEN
      EXECUTE format('GRANT SELECT, INSERT ON %I.%I TO %I', t.schemaname, t.tablename, runtime);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.%I TO %I', t.schemaname, t.tablename, runtime);
    END IF;
  END LOOP;
END
$$;
