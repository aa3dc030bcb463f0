-- Each replica reads the keys made since its last read (at most twice a second, and only when a key it does not know
-- is presented): this index keeps that read to the few newest rows.
CREATE INDEX api_keys_by_creation ON api_keys (created_at);
