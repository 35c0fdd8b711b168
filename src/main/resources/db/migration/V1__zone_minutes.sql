-- One row per zone and minute of event time; written by the rollup writer with an idempotent upsert.
CREATE TABLE zone_minute (
  site_id     text        NOT NULL,
  zone_id     text        NOT NULL,
  minute      timestamptz NOT NULL,
  devices_avg real        NOT NULL,
  devices_max int         NOT NULL,
  entries     int         NOT NULL,
  exits       int         NOT NULL,
  uniques     int         NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, zone_id, minute)
);
