-- Each running projector's record lag, measured every second; the query side sums the live ones into as_of
CREATE TABLE analytics.projector_lag (
  instance text PRIMARY KEY,
  lag_records bigint NOT NULL,
  measured_at timestamptz NOT NULL
);
