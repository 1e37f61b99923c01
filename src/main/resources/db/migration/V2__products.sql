-- The product aggregate (ARCHITECTURE.md section 2). Aurora is the source of truth; DynamoDB views
-- are projections of the events the workers publish through the outbox.

CREATE TABLE products (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
    version     bigint      NOT NULL CHECK (version >= 1),
    deleted     boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
