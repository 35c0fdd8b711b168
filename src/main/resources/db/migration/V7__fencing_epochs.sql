-- The ownership epoch (fencing token) each row was written under: an upsert carrying an older epoch than the row's
-- leaves the row alone, so a node that lost a site (paused, partitioned) cannot overwrite its new owner's figures.
-- Rows written before this migration count as epoch 0.
ALTER TABLE zone_minute ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE store_minute ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE flow_hour ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE path_hour ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE device_estimate ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
