package io.footfall.ingest;

/** A connection's right to publish as one sensor of one site. */
record SensorGrant(String site, String sensor, int sensorIndex) {
}
