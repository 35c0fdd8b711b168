-- Unusual-occupancy alerts say whether the zone is unusually busy ('high') or quiet ('low'); null for other kinds.
ALTER TABLE alert ADD COLUMN direction text;
