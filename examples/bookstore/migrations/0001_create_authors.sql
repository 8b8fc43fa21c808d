-- 0001: authors of the books in the catalogue.
-- Up migration; applied in file-name order.

CREATE TABLE authors (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    bio         TEXT        NOT NULL DEFAULT '' CHECK (char_length(bio) <= 4000),
    country     CHAR(2)     CHECK (country ~ '^[A-Z]{2}$'),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- GET /authors lists authors by name.
CREATE INDEX authors_name_idx ON authors (name, id);
