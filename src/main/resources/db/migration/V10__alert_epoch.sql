-- Alerts are fenced like the other rows an engine produces (V7): a change carrying an older ownership epoch than
-- the stored alert's leaves it alone, so a node that lost a site cannot raise, clear or re-value its new owner's
-- alerts. Alerts stored before this migration count as epoch 0.
ALTER TABLE alert ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
