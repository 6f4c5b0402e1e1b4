-- The persister's record of every hold, kept from flashsale.events; the engine stays the source of truth.
CREATE TABLE reservations (
    reservation_id  TEXT        PRIMARY KEY,
    sku             TEXT        NOT NULL,
    user_id         TEXT        NOT NULL,
    quantity        INTEGER     NOT NULL CHECK (quantity > 0),
    status          TEXT        NOT NULL CHECK (status IN ('HELD', 'CONFIRMED', 'CANCELLED', 'EXPIRED')),
    placed_at       TIMESTAMPTZ,
    expires_at      TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ NOT NULL,
    -- the journal index of the event the row reflects: events are at-least-once, older ones are dropped
    journal_index   BIGINT      NOT NULL,
    persisted_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    -- when the sweeper last asked the engine to expire this hold
    swept_at        TIMESTAMPTZ
);

-- the sweeper's question: which holds are still HELD past their expiry?
CREATE INDEX reservations_held_by_expiry ON reservations (expires_at) WHERE status = 'HELD';
CREATE INDEX reservations_by_sku ON reservations (sku);

-- one order per confirmed hold
CREATE TABLE orders (
    order_id        TEXT        PRIMARY KEY,
    reservation_id  TEXT        NOT NULL UNIQUE REFERENCES reservations (reservation_id),
    sku             TEXT        NOT NULL,
    user_id         TEXT        NOT NULL,
    quantity        INTEGER     NOT NULL CHECK (quantity > 0),
    confirmed_at    TIMESTAMPTZ NOT NULL,
    journal_index   BIGINT      NOT NULL,
    persisted_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX orders_by_sku ON orders (sku);
