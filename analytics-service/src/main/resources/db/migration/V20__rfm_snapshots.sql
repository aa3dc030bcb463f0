-- Every buyer's RFM scores over all time, as of the tenant's day, replaced with the tenant's answer snapshots
-- (AnswerSnapshots, RfmSnapshot): customer_segmentation asked for one segment only reads a range of the segment index
-- instead of ranking every buyer again. It names customers: an erasure deletes the tenant's rows (and its answer
-- snapshots) until the next refresh.
CREATE TABLE rfm_snapshots (
    tenant_id    TEXT    NOT NULL,
    customer_id  TEXT    NOT NULL,
    recency_days INT     NOT NULL,
    frequency    BIGINT  NOT NULL,
    monetary     NUMERIC NOT NULL,
    r            INT     NOT NULL,
    f            INT     NOT NULL,
    m            INT     NOT NULL,
    rfm_score    TEXT    NOT NULL,
    segment      TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, customer_id)
);
-- the pipe's order within a segment
CREATE INDEX rfm_snapshots_by_segment ON rfm_snapshots (tenant_id, segment, r DESC, f DESC, m DESC, customer_id);
