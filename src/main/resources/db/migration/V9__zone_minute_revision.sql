-- How many times late sightings amended a zone's minute after it was first final (engine.lateHorizonMs,
-- docs/metrics.md): under the same epoch, an upsert with a lower revision than the row's leaves it alone, so a stale
-- copy replayed from a spool never undoes an amendment. Rows written before this migration are revision 0.
ALTER TABLE zone_minute ADD COLUMN revision int NOT NULL DEFAULT 0;
