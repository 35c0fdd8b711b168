-- Device estimates with randomized MACs linked into devices: per-minute snapshots (resolution_s 60) and hourly
-- distinct devices (3600); zone_id '*' is the whole site. Written by the estimate writer with an idempotent upsert.
CREATE TABLE device_estimate (
  site_id           text        NOT NULL,
  zone_id           text        NOT NULL,
  resolution_s      int         NOT NULL,
  period_start      timestamptz NOT NULL,
  devices           int         NOT NULL,
  random_macs       int         NOT NULL,
  estimated_devices int         NOT NULL,
  low               int         NOT NULL,
  high              int         NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, zone_id, resolution_s, period_start)
);

-- Manual or door-counter headcounts of a zone over a period, with the estimated devices they were fitted against.
CREATE TABLE calibration_count (
  id          bigserial   PRIMARY KEY,
  site_id     text        NOT NULL,
  zone_id     text        NOT NULL,
  from_ts     timestamptz NOT NULL,
  to_ts       timestamptz NOT NULL,
  people      real        NOT NULL,
  devices     real        NOT NULL,
  hour_band   int         NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calibration_count_site ON calibration_count (site_id);

-- The fitted people-per-device factors: hour_band -1 is site-wide, 0-23 a local hour of day.
CREATE TABLE calibration_fit (
  site_id    text        NOT NULL,
  hour_band  int         NOT NULL,
  factor     real        NOT NULL,
  points     int         NOT NULL,
  rmse       real        NOT NULL,
  mape       real,
  fitted_at  timestamptz NOT NULL,
  PRIMARY KEY (site_id, hour_band)
);
