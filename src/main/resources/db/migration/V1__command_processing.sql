-- Bookkeeping every worker shares (ARCHITECTURE.md section 5): a command applied once, and the
-- messages its transaction produced, published after commit by the outbox relay.

CREATE TABLE processed_commands (
    command_id   uuid        PRIMARY KEY,
    command_type text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic            text        NOT NULL CHECK (topic IN ('events', 'replies')),
    message_group_id text,
    deduplication_id text        NOT NULL,
    attributes       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    body             jsonb       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    published_at     timestamptz
);

-- The relay and the sweeper read only what is still unpublished, oldest first.
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
