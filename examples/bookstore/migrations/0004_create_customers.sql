-- 0004: API customers. Each customer authenticates with a bearer API key;
-- only its SHA-256 hex digest is stored.

CREATE TABLE customers (
    id            BIGSERIAL PRIMARY KEY,
    email         TEXT        NOT NULL CHECK (email = lower(email)),
    name          TEXT        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    role          TEXT        NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'admin')),
    api_key_hash  CHAR(64)    NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT customers_email_key UNIQUE (email),
    CONSTRAINT customers_api_key_hash_key UNIQUE (api_key_hash)
);

ALTER TABLE orders
    ADD CONSTRAINT orders_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE RESTRICT;
