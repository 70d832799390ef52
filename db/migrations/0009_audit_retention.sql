-- The audit log's own retention: the retention job may delete entries older than AUDIT_RETENTION_DAYS, and
-- only it: it sets the transaction-local `cobrowse.audit_prune` to 'on' first. Updates, truncation and any other
-- delete are refused as before, so nothing in the product edits or removes single entries.
CREATE OR REPLACE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('cobrowse.audit_prune', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
