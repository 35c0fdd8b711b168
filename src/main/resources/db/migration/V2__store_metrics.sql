-- Visitor figures per store and minute of event time; zone_id '' holds the whole site. Written by the metrics
-- writer with an idempotent upsert. dwell_buckets: visitors under 5 min, 5-20, 20-60, 1-6 h, over 6 h.
-- dwell_fine: sparse pairs (whole minutes of dwell, visitors), minute 360 meaning 6 h or more.
CREATE TABLE store_minute (
  site_id        text        NOT NULL,
  zone_id        text        NOT NULL,
  minute         timestamptz NOT NULL,
  visitors       int         NOT NULL,
  passers_by     int         NOT NULL,
  excluded       int         NOT NULL,
  random         int         NOT NULL,
  dwell_buckets  int[]       NOT NULL,
  dwell_fine     int[]       NOT NULL,
  dwell_total_ms bigint      NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, zone_id, minute)
);

-- Zone-to-zone transitions per hour (the origin-destination matrix); 'outside' for arrivals and departures.
CREATE TABLE flow_hour (
  site_id     text        NOT NULL,
  hour        timestamptz NOT NULL,
  from_zone   text        NOT NULL,
  to_zone     text        NOT NULL,
  transitions int         NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, hour, from_zone, to_zone)
);

-- Site visits per path (stop zone ids joined by '>') and hour in which the visit ended.
CREATE TABLE path_hour (
  site_id    text        NOT NULL,
  hour       timestamptz NOT NULL,
  path       text        NOT NULL,
  trips      int         NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, hour, path)
);
