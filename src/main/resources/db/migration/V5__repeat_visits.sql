-- Repeat visits: which repeat-visit id (a pseudonym of a globally administered MAC under a key that rotates every
-- repeat.keyRotationDays, never the MAC) visited which store (zone_id '' = the whole site) on which local day.
-- Nothing else: no times, no dwell, no path. Inserted idempotently by the repeat store; rows older than
-- repeat.windowDays (+1 day for timezones) are purged daily. First-time/returning and frequency are derived by query.
CREATE TABLE repeat_visit (
  site_id text   NOT NULL,
  zone_id text   NOT NULL,
  day     date   NOT NULL,
  rid     bigint NOT NULL,
  PRIMARY KEY (site_id, zone_id, day, rid)
);
CREATE INDEX repeat_visit_day ON repeat_visit (day);
