-- Attachments of products (ARCHITECTURE.md sections 4-6). A row is written by the upload processor
-- when the uploaded object arrives: STORED (copied under attachments/) or REJECTED (deleted), and
-- later DELETED by an attachment.delete command. file_name is display data only; keys hold ids.

CREATE TABLE attachments (
    id               uuid        PRIMARY KEY,
    -- No foreign key: an upload for an unknown product is still recorded, as REJECTED.
    product_id       uuid        NOT NULL,
    file_name        text        NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 255),
    content_type     text        NOT NULL,
    size_bytes       bigint      NOT NULL CHECK (size_bytes >= 0),
    sha256           char(64),
    status           text        NOT NULL CHECK (status IN ('STORED', 'REJECTED', 'DELETED')),
    s3_key           text,
    rejection_reason text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL))
);

CREATE INDEX attachments_by_product ON attachments (product_id);

GRANT SELECT, INSERT, UPDATE ON attachments TO catalog_app;
