-- Each customer's current segment memberships, from segment-memberships.v1 (the segmentation service publishes the
-- whole list after every change): the newest changed_at wins, whatever order records arrive in; an empty list means
-- no memberships. Read by the customer object's segment_ids.
CREATE TABLE customer_segments (
    tenant_id   TEXT        NOT NULL,
    customer_id TEXT        NOT NULL,
    segment_ids TEXT[]      NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, customer_id)
);
