-- One row per alert, keyed by its id (kind/subject/raisedAt); raised and cleared by the engine in event time,
-- acknowledged through the API in wall time. Written with an idempotent upsert by the alert store.
CREATE TABLE alert (
  site_id    text             NOT NULL,
  id         text             NOT NULL,
  kind       text             NOT NULL,
  subject    text             NOT NULL,
  raised_at  timestamptz      NOT NULL,
  cleared_at timestamptz,
  value      double precision NOT NULL,
  threshold  double precision NOT NULL,
  acked_at   timestamptz,
  acked_by   text,
  updated_at timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, id)
);
CREATE INDEX alert_open ON alert (site_id, raised_at) WHERE cleared_at IS NULL;
CREATE INDEX alert_raised ON alert (site_id, raised_at);
