-- 0002: the catalogue. Prices are integer US cents; stock is the number
-- of copies on hand and may never go negative.

CREATE TABLE books (
    id              BIGSERIAL PRIMARY KEY,
    title           TEXT        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 255),
    isbn            CHAR(13)    NOT NULL,
    author_id       BIGINT      NOT NULL REFERENCES authors (id) ON DELETE RESTRICT,
    description     TEXT        NOT NULL DEFAULT '' CHECK (char_length(description) <= 8000),
    price_cents     BIGINT      NOT NULL CHECK (price_cents > 0 AND price_cents <= 10000000),
    stock           INTEGER     NOT NULL DEFAULT 0 CHECK (stock >= 0),
    published_year  SMALLINT    CHECK (published_year >= 1450),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT books_isbn_key UNIQUE (isbn)
);

-- GET /authors/{id}/books and the author_id filter of GET /books.
CREATE INDEX books_author_id_idx ON books (author_id);
-- GET /books orders by lower(title), id.
CREATE INDEX books_title_lower_idx ON books (lower(title), id);
-- in_stock=true listings skip sold-out titles.
CREATE INDEX books_in_stock_idx ON books (id) WHERE stock > 0;
