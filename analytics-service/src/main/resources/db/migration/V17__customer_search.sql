-- Looking customers up by e-mail (a prefix, case-insensitive) and by the words of their name (word prefixes), for
-- GET /v1/customers?q=. text_pattern_ops compares bytes, so a prefix is one index range whatever the collation; the
-- name index is PostgreSQL's own full-text search with the 'simple' configuration (no stemming, no extension).
CREATE INDEX customers_by_email ON customers (tenant_id, lower(email) text_pattern_ops);
CREATE INDEX customers_name_words ON customers USING gin (to_tsvector('simple', coalesce(name, '')));
