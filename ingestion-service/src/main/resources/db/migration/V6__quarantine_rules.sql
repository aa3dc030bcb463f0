-- How a rejected row was read, so that a replay reads it the same way: a customer PATCH changes only the fields
-- it holds (replayed as a whole profile it would clear the others), and a /v1/events row without a timestamp
-- happened when it was first received.
ALTER TABLE quarantined_rows
    ADD COLUMN patch              BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN timestamp_defaults BOOLEAN NOT NULL DEFAULT false;
