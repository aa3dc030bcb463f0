-- Quarantined rows are named in the API by a random id: the sequence behind "id" counts every tenant's rows
ALTER TABLE quarantined_rows ADD COLUMN public_id UUID NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX quarantined_rows_public_id ON quarantined_rows (tenant_id, public_id);
