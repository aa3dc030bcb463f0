-- What a model was trained on and how it did, and the asynchronous jobs that train models.
ALTER TABLE models ADD COLUMN time_unit TEXT;
ALTER TABLE models ADD COLUMN features JSONB;
ALTER TABLE models ADD COLUMN performance JSONB;
ALTER TABLE models ADD COLUMN activated_at TIMESTAMPTZ;
-- bootstrap parameter sets, the country vocabulary: what scoring needs besides the parameters
ALTER TABLE models ADD COLUMN artifacts JSONB;
ALTER TABLE models ADD COLUMN diagnostics JSONB;

-- At most one active model per tenant and type.
CREATE UNIQUE INDEX models_one_active ON models (tenant_id, model_type) WHERE status = 'active';

CREATE TABLE training_jobs (
    id            UUID        PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    model_type    TEXT        NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    request       JSONB       NOT NULL,
    progress      DOUBLE PRECISION NOT NULL DEFAULT 0,
    stage         TEXT,
    model_id      UUID,
    error         TEXT,
    cancel        BOOLEAN     NOT NULL DEFAULT false,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX training_jobs_tenant ON training_jobs (tenant_id, created_at DESC);
