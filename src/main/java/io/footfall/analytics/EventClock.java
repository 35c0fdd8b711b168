package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import java.util.Arrays;

/**
 * Event time of one site. Each sensor's frontier is the newest sighting time it sent; sensors whose frontier is
 * within {@code idleSensorMs} of the site's newest are active, and the watermark trails the slowest active one by
 * the allowed lateness. It never moves back. When no sighting arrives for {@code idleAdvanceMs} of wall time, the
 * watermark follows the wall clock instead, so that minutes close and devices expire on a quiet night.
 */
final class EventClock {

  static final long NEVER = Long.MIN_VALUE;

  private final AnalyticsSettings settings;
  private final long[] frontier;
  private long siteFrontier = NEVER;
  private long watermark = NEVER;
  private long arrivals;
  private long arrivalsSeenByTick = -1;
  private long lastArrivalWall = NEVER;
  private long lastAdvanceWall = NEVER;

  EventClock(int sensors, AnalyticsSettings settings) {
    this.settings = settings;
    this.frontier = new long[sensors];
    Arrays.fill(frontier, NEVER);
  }

  long watermark() {
    return watermark;
  }

  /** Notes a batch of {@code count} sightings from a sensor, the newest at {@code newestTs}. */
  void observe(int sensor, long newestTs, int count) {
    if (count == 0) {
      return;
    }
    arrivals += count;
    frontier[sensor] = Math.max(frontier[sensor], newestTs);
    siteFrontier = Math.max(siteFrontier, newestTs);
  }

  /** Moves the watermark to what the active sensors allow; returns whether it moved. */
  boolean advanceByFrontiers() {
    if (siteFrontier == NEVER) {
      return false;
    }
    long slowest = Long.MAX_VALUE;
    long activeSince = siteFrontier - settings.idleSensorMs();
    for (long f : frontier) {
      if (f != NEVER && f >= activeSince) {
        slowest = Math.min(slowest, f);
      }
    }
    return moveTo(slowest - settings.allowedLatenessMs());
  }

  /**
   * Lets event time follow the wall clock while nothing arrives: once no sighting came for more than
   * {@code idleAdvanceMs}, the watermark moves on by the wall time elapsed since it last moved. Returns whether it
   * moved.
   */
  boolean advanceByWallClock(long wallClockMs) {
    if (arrivals != arrivalsSeenByTick) {
      arrivalsSeenByTick = arrivals;
      lastArrivalWall = wallClockMs;
      lastAdvanceWall = wallClockMs;
      return false;
    }
    if (watermark == NEVER || wallClockMs - lastArrivalWall <= settings.idleAdvanceMs()
        || wallClockMs <= lastAdvanceWall) {
      return false;
    }
    long elapsed = wallClockMs - lastAdvanceWall;
    lastAdvanceWall = wallClockMs;
    return moveTo(watermark + elapsed);
  }

  void writeTo(DataOutput out) throws IOException {
    for (long f : frontier) {
      out.writeLong(f);
    }
    out.writeLong(siteFrontier);
    out.writeLong(watermark);
    out.writeLong(arrivals);
    out.writeLong(arrivalsSeenByTick);
    out.writeLong(lastArrivalWall);
    out.writeLong(lastAdvanceWall);
  }

  /** Takes the state {@link #writeTo} wrote; the wall-clock instants keep counting idle time across a restart. */
  void readFrom(DataInput in) throws IOException {
    for (int i = 0; i < frontier.length; i++) {
      frontier[i] = in.readLong();
    }
    siteFrontier = in.readLong();
    watermark = in.readLong();
    arrivals = in.readLong();
    arrivalsSeenByTick = in.readLong();
    lastArrivalWall = in.readLong();
    lastAdvanceWall = in.readLong();
  }

  private boolean moveTo(long candidate) {
    if (candidate <= watermark) {
      return false;
    }
    watermark = candidate;
    return true;
  }
}
