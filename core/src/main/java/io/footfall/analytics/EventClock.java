package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Event time of one site, judged against the server's clock.
 *
 * <p>Each sensor has a frontier, the newest (corrected) sighting time it sent, and the server time its last batch
 * arrived. A sensor holds the watermark back while it keeps sending and keeps up: once nothing of it arrived for
 * {@code idleSensorMs} of server time (measured against the newest arrival at the site), or its frontier is more
 * than {@code idleSensorMs} behind the newest sensor's, it no longer does. So a sensor that died freezes nothing
 * for long, and neither does one that hears nothing while a replay runs faster than real time. The watermark
 * trails the slowest holding sensor by the allowed lateness and never moves back.
 *
 * <p>Each sensor's clock is checked against arrival: its lead is how far its newest sighting is ahead of the batch's
 * arrival, the largest over about a minute. A sighting more than {@code maxClockAheadMs} ahead of its arrival is
 * refused (a clock in the future can only be wrong, and would otherwise drag the site's clock with it); a sensor
 * running ahead by more than {@link #TOLERANCE_MS} but within that budget has its times corrected by its lead, so
 * it neither runs the site's clock early nor makes a correct sensor's sightings late. A clock behind the server's by
 * more than the tolerance and at most the budget is corrected too, once its lead has stayed within one tolerance
 * for {@link #SETTLE_MS} of arrivals: a backlog or a replay sent faster than real time changes its lead with every
 * batch and never settles, while a slow clock sending live keeps the same lead. The correction of a slow clock stands
 * until another lead settles, so that the backlog a slow sensor re-sends after an outage is corrected like its live
 * sightings were.
 *
 * <p>When nothing arrives for {@code idleAdvanceMs} of wall time, the watermark follows the wall clock instead, so
 * that minutes close and devices expire on a quiet night. After a restart, {@link #resumed} gives every sensor that
 * was holding the watermark a fresh grace, so that the backlogs sensors send on reconnecting are not late.
 *
 * <p>Arrival is the batch's {@code receivedAt}; a batch without one (a tool, a test) counts as arriving at its own
 * newest sighting, that is from a sensor whose clock is right.
 */
final class EventClock {

  static final long NEVER = Long.MIN_VALUE;
  /** Leads up to this are batching and network delay, not a wrong clock. */
  static final long TOLERANCE_MS = 5_000;
  /** How long the largest lead seen stands before a smaller one replaces it. */
  static final long LEAD_WINDOW_MS = 60_000;
  /** How long a sensor's lead must stay within {@link #TOLERANCE_MS} before a clock behind is taken as slow. */
  static final long SETTLE_MS = 10_000;

  private final AnalyticsSettings settings;
  private final long[] frontier;
  private final long[] lastArrival;
  private final long[] lead;
  private final long[] leadAt;
  private final long[] correction;
  /** Per sensor, the lowest and highest lead since {@code bandSince}, all within one tolerance of each other. */
  private final long[] bandLow;
  private final long[] bandHigh;
  private final long[] bandSince;
  /** Per sensor, whether its lead ever settled: its correction is known, so its late sightings may amend. */
  private final boolean[] settled;
  private long latestArrival = NEVER;
  /** Whether arrivals are the server's clock (stamped by an ingest), so that the wall clock may stand in for one. */
  private boolean serverArrivals;
  /** Server time until which a restart's grace holds every sensor that was holding, however far behind. */
  private long graceUntil = NEVER;
  private long watermark = NEVER;
  /** The largest frontier, kept as frontiers only grow, so that no batch scans the sensors twice. */
  private long newestFrontier = NEVER;
  private long arrivals;
  private long arrivalsSeenByTick = -1;
  private long lastArrivalWall = NEVER;
  private long lastAdvanceWall = NEVER;

  EventClock(int sensors, AnalyticsSettings settings) {
    this.settings = settings;
    this.frontier = new long[sensors];
    this.lastArrival = new long[sensors];
    this.lead = new long[sensors];
    this.leadAt = new long[sensors];
    this.correction = new long[sensors];
    this.bandLow = new long[sensors];
    this.bandHigh = new long[sensors];
    this.bandSince = new long[sensors];
    this.settled = new boolean[sensors];
    Arrays.fill(frontier, NEVER);
    Arrays.fill(bandSince, NEVER);
    Arrays.fill(lastArrival, NEVER);
    Arrays.fill(leadAt, NEVER);
  }

  long watermark() {
    return watermark;
  }

  /** Milliseconds to subtract from a sensor's sighting times: its lead, when its clock runs ahead. */
  long correction(int sensor) {
    return correction[sensor];
  }

  /** How far a sensor's clock is ahead of the server's (negative: behind, or sending old data); 0 before any. */
  long lead(int sensor) {
    return leadAt[sensor] == NEVER ? 0 : lead[sensor];
  }

  /**
   * Whether a batch of the sensor whose newest sighting leads its arrival by {@code batchLead} is dated by a clock
   * footfall can vouch for, so that its late sightings may amend what was written: the sensor's lead settled at least
   * once (its correction is known), or this lead cannot be a slow clock's (within the tolerance, or further behind
   * than the budget: a backlog of old captures). Until then a late sighting may be a slow clock's, dated too early by
   * an unknown lag.
   */
  boolean vouched(int sensor, long batchLead) {
    return settled[sensor] || batchLead >= -TOLERANCE_MS || batchLead < -settings.maxClockAheadMs();
  }

  /** Whether a sighting at {@code ts} arriving at {@code arrival} is further in the future than the budget allows. */
  boolean tooFarAhead(long ts, long arrival) {
    return ts - arrival > settings.maxClockAheadMs();
  }

  /**
   * Notes the lead of a batch from a sensor that arrived at {@code arrival} (server time), its newest sighting within
   * the budget dated {@code newestTs} ({@link #NEVER} for none), before its sightings are corrected.
   */
  void lead(int sensor, long arrival, long newestTs) {
    if (newestTs == NEVER) {
      return;
    }
    long batchLead = newestTs - arrival;
    if (leadAt[sensor] == NEVER || batchLead >= lead[sensor] || arrival - leadAt[sensor] > LEAD_WINDOW_MS) {
      lead[sensor] = batchLead;
      leadAt[sensor] = arrival;
    }
    boolean settled = band(sensor, arrival, batchLead);
    this.settled[sensor] |= settled;
    long ahead = lead[sensor];
    // whole seconds, so that jitter in the lead does not reorder one sensor's sightings
    if (ahead > TOLERANCE_MS) {
      correction[sensor] = ahead <= settings.maxClockAheadMs() ? ahead / 1000 * 1000 : 0;
    } else if (settled) {
      long behind = -bandHigh[sensor];
      correction[sensor] = behind > TOLERANCE_MS && behind <= settings.maxClockAheadMs() ? -(behind / 1000 * 1000) : 0;
    } else if (correction[sensor] > 0) {
      correction[sensor] = 0;
    }
  }

  /**
   * Widens the sensor's band of leads by one batch's, or starts a new band when that one would span more than the
   * tolerance. Returns whether the band has lasted {@link #SETTLE_MS}: the sensor's clock, not its sending, set it.
   */
  private boolean band(int sensor, long arrival, long batchLead) {
    long low = Math.min(bandLow[sensor], batchLead);
    long high = Math.max(bandHigh[sensor], batchLead);
    if (bandSince[sensor] == NEVER || high - low > TOLERANCE_MS) {
      bandLow[sensor] = batchLead;
      bandHigh[sensor] = batchLead;
      bandSince[sensor] = arrival;
      return false;
    }
    bandLow[sensor] = low;
    bandHigh[sensor] = high;
    return arrival - bandSince[sensor] >= SETTLE_MS;
  }

  /**
   * Notes a batch from a sensor that arrived at {@code arrival} (server time) with {@code count} sightings kept, the
   * newest at {@code newestCorrected} after correction.
   */
  void observe(int sensor, long arrival, boolean serverTime, long newestCorrected, int count) {
    serverArrivals |= serverTime;
    lastArrival[sensor] = Math.max(lastArrival[sensor], arrival);
    latestArrival = Math.max(latestArrival, arrival);
    if (count == 0) {
      // an empty batch says the sensor heard nothing up to its present: else it would hold the site back for ever
      if (leadAt[sensor] != NEVER) {
        frontier[sensor] = Math.max(frontier[sensor], arrival + lead[sensor] - correction[sensor]);
        newestFrontier = Math.max(newestFrontier, frontier[sensor]);
      }
      return;
    }
    arrivals += count;
    frontier[sensor] = Math.max(frontier[sensor], newestCorrected);
    newestFrontier = Math.max(newestFrontier, frontier[sensor]);
  }

  /** Moves the watermark to what the sensors still sending allow; returns whether it moved. */
  boolean advanceByFrontiers() {
    long newest = newestFrontier;
    long keepingUpFrom = latestArrival < graceUntil ? NEVER : newest - settings.idleSensorMs();
    long slowest = Long.MAX_VALUE;
    long holdingSince = latestArrival - settings.idleSensorMs();
    for (int s = 0; s < frontier.length; s++) {
      if (frontier[s] != NEVER && lastArrival[s] >= holdingSince && frontier[s] >= keepingUpFrom) {
        slowest = Math.min(slowest, frontier[s]);
      }
    }
    if (slowest == Long.MAX_VALUE) {
      // every sensor fell silent or behind: nothing holds back what was sent
      slowest = newest;
    }
    return slowest != NEVER && moveTo(slowest - settings.allowedLatenessMs());
  }

  /**
   * Lets event time follow the wall clock: a sensor silent for {@code idleSensorMs} of it stops holding the
   * watermark back even when nothing else arrives; and once no sighting came for more than {@code idleAdvanceMs},
   * the watermark moves on by the wall time elapsed since it last moved. Returns whether it moved.
   */
  boolean advanceByWallClock(long wallClockMs) {
    if (serverArrivals && wallClockMs > latestArrival) {
      // silence is measured against the server's clock, not only against the last arrival
      latestArrival = wallClockMs;
      if (advanceByFrontiers()) {
        return true;
      }
    }
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

  /**
   * After a restart at {@code wallClockMs}: the sensors that were holding the watermark at the snapshot hold it
   * again for a grace, and the idle advance waits as if a sighting had just arrived, so that the backlogs they
   * re-send on reconnecting are not dated behind a clock that moved on while nobody could send.
   */
  void resumed(long wallClockMs) {
    long holdingSince = latestArrival - settings.idleSensorMs();
    for (int s = 0; s < frontier.length; s++) {
      if (lastArrival[s] != NEVER && lastArrival[s] >= holdingSince) {
        lastArrival[s] = wallClockMs;
      }
    }
    if (latestArrival != NEVER) {
      latestArrival = Math.max(latestArrival, wallClockMs);
    }
    // the first sensor back sends its backlog at once; the others' are as far behind as the outage was long
    graceUntil = wallClockMs + settings.idleSensorMs();
    arrivalsSeenByTick = arrivals;
    lastArrivalWall = wallClockMs;
    lastAdvanceWall = wallClockMs;
  }

  void writeTo(DataOutput out) throws IOException {
    for (int s = 0; s < frontier.length; s++) {
      out.writeLong(frontier[s]);
      out.writeLong(lastArrival[s]);
      out.writeLong(lead[s]);
      out.writeLong(leadAt[s]);
      out.writeLong(correction[s]);
      out.writeLong(bandLow[s]);
      out.writeLong(bandHigh[s]);
      out.writeLong(bandSince[s]);
      out.writeBoolean(settled[s]);
    }
    out.writeLong(latestArrival);
    out.writeBoolean(serverArrivals);
    out.writeLong(graceUntil);
    out.writeLong(watermark);
    out.writeLong(arrivals);
    out.writeLong(arrivalsSeenByTick);
    out.writeLong(lastArrivalWall);
    out.writeLong(lastAdvanceWall);
  }

  /** Takes the state {@link #writeTo} wrote; the wall-clock instants keep counting idle time across a restart. */
  void readFrom(DataInput in) throws IOException {
    for (int s = 0; s < frontier.length; s++) {
      frontier[s] = in.readLong();
      newestFrontier = Math.max(newestFrontier, frontier[s]);
      lastArrival[s] = in.readLong();
      lead[s] = in.readLong();
      leadAt[s] = in.readLong();
      correction[s] = in.readLong();
      bandLow[s] = in.readLong();
      bandHigh[s] = in.readLong();
      bandSince[s] = in.readLong();
      settled[s] = in.readBoolean();
    }
    latestArrival = in.readLong();
    serverArrivals = in.readBoolean();
    graceUntil = in.readLong();
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
