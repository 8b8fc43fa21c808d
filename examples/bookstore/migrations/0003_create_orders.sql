-- 0003: orders and their lines. The foreign key from orders.customer_id
-- to customers is added by 0004, which introduces API customers.

CREATE TABLE orders (
    id              BIGSERIAL PRIMARY KEY,
    customer_id     BIGINT      NOT NULL,
    status          TEXT        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
    subtotal_cents  BIGINT      NOT NULL CHECK (subtotal_cents >= 0),
    shipping_cents  BIGINT      NOT NULL DEFAULT 0 CHECK (shipping_cents >= 0),
    total_cents     BIGINT      NOT NULL CHECK (total_cents = subtotal_cents + shipping_cents),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- GET /orders: a customer's orders, newest first.
CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC, id DESC);
-- Back-office queues such as "all paid orders awaiting shipment".
CREATE INDEX orders_status_idx ON orders (status) WHERE status IN ('pending', 'paid');

-- unit_price_cents is the price when the order was placed, so later
-- catalogue price changes never alter an existing order.
CREATE TABLE order_items (
    order_id          BIGINT  NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    book_id           BIGINT  NOT NULL REFERENCES books (id) ON DELETE RESTRICT,
    quantity          INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 10),
    unit_price_cents  BIGINT  NOT NULL CHECK (unit_price_cents > 0),
    PRIMARY KEY (order_id, book_id)
);

-- Deleting a book checks order_items by book_id.
CREATE INDEX order_items_book_id_idx ON order_items (book_id);
