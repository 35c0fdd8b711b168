-- Repeat-visit triples are fenced like the other rows an engine produces (V7, V10): each carries the ownership epoch
-- that last wrote it, and a triple of an older epoch than the stored one's leaves it alone, so a node that lost a
-- site cannot claim its new owner's triples. A stale owner's triple the new owner never wrote is stored: it is still
-- a true visit. Triples stored before this migration count as epoch 0.
ALTER TABLE repeat_visit ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
