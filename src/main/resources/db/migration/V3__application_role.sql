-- The login role the functions connect as (DB_USER). Its password is an IAM token, so the role
-- has none here; on Aurora the rds_iam role makes the server check the token. Least privilege:
-- the functions read and write rows, they never delete them or change the schema.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'catalog_app') THEN
        CREATE ROLE catalog_app LOGIN;
    END IF;
    -- rds_iam exists only on RDS/Aurora; plain PostgreSQL (local runtime, tests) has no IAM login.
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN
        GRANT rds_iam TO catalog_app;
    END IF;
END
$$;

GRANT SELECT, INSERT, UPDATE ON products, processed_commands, outbox TO catalog_app;
-- outbox.id is an identity column: inserting draws from its sequence.
DO $$
BEGIN
    EXECUTE format('GRANT USAGE ON SEQUENCE %s TO catalog_app', pg_get_serial_sequence('outbox', 'id'));
END
$$;
