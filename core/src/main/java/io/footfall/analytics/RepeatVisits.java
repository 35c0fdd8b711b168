package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The (repeat-visit id, store, day) triples of the visits {@link StoreVisits} counts, for first-time vs returning
 * visitors and visit frequency. Each triple is handed out once per day as a {@link RepeatVisit}; the store keeps
 * them and derives the figures. Keeps one set of ids per store for the current local day only; not thread-safe.
 *
 * <p>Only devices with a globally administered address carry an id, so randomized addresses never appear here.
 */
public final class RepeatVisits {

  /** Repeat-visit rows of one site, handed to the repeat-visit writer together. */
  public record Rows(String site, List<RepeatVisit> rows) {
  }

  private final String siteId;
  private final String[] scopeIds;
  private final ZoneId timezone;
  private final LongSet[] today;
  private final List<RepeatVisit> fresh = new ArrayList<>();
  private long day = Long.MIN_VALUE;
  private long dayStart = Long.MAX_VALUE;
  private long dayEnd = Long.MIN_VALUE;

  /** @param scopeIds the id of each scope {@link #visit} is given, {@link StoreMinute#SITE} for the site */
  RepeatVisits(String siteId, String[] scopeIds, ZoneId timezone) {
    this.siteId = siteId;
    this.scopeIds = scopeIds.clone();
    this.timezone = timezone;
    this.today = new LongSet[scopeIds.length];
    for (int s = 0; s < today.length; s++) {
      today[s] = new LongSet(16);
    }
  }

  /** A counted visit of a scope by a device with repeat-visit id {@code rid}, ended at event time {@code ts}. */
  void visit(long rid, int scope, long ts) {
    if (ts >= dayEnd) {
      startDay(ts);
    }
    if (ts < dayStart) {
      // a back-dated exit into the previous day: kept, the store ignores a triple it already has
      fresh.add(new RepeatVisit(scopeIds[scope], dayOf(ts), rid));
    } else if (today[scope].add(rid)) {
      fresh.add(new RepeatVisit(scopeIds[scope], day, rid));
    }
  }

  /** Triples first seen since the last call. */
  public Rows drain() {
    if (fresh.isEmpty()) {
      return new Rows(siteId, List.of());
    }
    Rows rows = new Rows(siteId, List.copyOf(fresh));
    fresh.clear();
    return rows;
  }

  /** Writes the day's ids per scope and the triples not drained, for a snapshot. */
  void writeState(DataOutput out) throws IOException {
    out.writeLong(day);
    out.writeLong(dayStart);
    out.writeLong(dayEnd);
    for (LongSet ids : today) {
      out.writeInt(ids.size());
      for (long id : ids.slots()) {
        if (id != 0) {
          out.writeLong(id);
        }
      }
    }
    out.writeInt(fresh.size());
    for (RepeatVisit v : fresh) {
      out.writeUTF(v.zone());
      out.writeLong(v.day());
      out.writeLong(v.rid());
    }
  }

  /** Reads what {@link #writeState} wrote into this instance, built for the same site. */
  void readState(DataInput in) throws IOException {
    day = in.readLong();
    dayStart = in.readLong();
    dayEnd = in.readLong();
    for (LongSet ids : today) {
      int n = SparseArrays.count(in, Integer.MAX_VALUE);
      for (int i = 0; i < n; i++) {
        ids.add(in.readLong());
      }
    }
    int n = SparseArrays.count(in, Integer.MAX_VALUE);
    for (int i = 0; i < n; i++) {
      fresh.add(new RepeatVisit(in.readUTF(), in.readLong(), in.readLong()));
    }
  }

  /** Back to a new instance's state. */
  void forgetState() {
    day = Long.MIN_VALUE;
    dayStart = Long.MAX_VALUE;
    dayEnd = Long.MIN_VALUE;
    for (LongSet ids : today) {
      ids.clear();
    }
    fresh.clear();
  }

  private void startDay(long ts) {
    LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(ts), timezone);
    day = date.toEpochDay();
    dayStart = date.atStartOfDay(timezone).toInstant().toEpochMilli();
    dayEnd = date.plusDays(1).atStartOfDay(timezone).toInstant().toEpochMilli();
    for (LongSet ids : today) {
      ids.clear();
    }
  }

  private long dayOf(long ts) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(ts), timezone).toEpochDay();
  }
}
