-- The people model of each fit (docs/estimation.md): people = factor x max(0, devices - background) ^ exponent,
-- and the fit's leave-one-count-out error. Fits stored before are the plain factor.
ALTER TABLE calibration_fit
  ADD COLUMN background_devices real NOT NULL DEFAULT 0,
  ADD COLUMN exponent           real NOT NULL DEFAULT 1,
  ADD COLUMN cv_rmse            real;
