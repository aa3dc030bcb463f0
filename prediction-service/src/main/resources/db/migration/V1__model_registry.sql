-- The model registry: every trained model, its parameters or ONNX bytes, training window, metrics and status.
CREATE TABLE models (
    id               UUID        PRIMARY KEY,
    tenant_id        TEXT        NOT NULL,
    model_type       TEXT        NOT NULL CHECK (model_type IN ('bg_nbd', 'xgboost')),
    version          INT         NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('training', 'ready', 'active', 'failed', 'retired')),
    parameters       JSONB,
    onnx             BYTEA,
    calibration_end  DATE,
    holdout_end      DATE,
    metrics          JSONB,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, model_type, version)
);

CREATE INDEX models_tenant ON models (tenant_id, model_type, created_at DESC);
