package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Zone-to-zone transitions of the last hour of event time, per minute, for the control room's live flows (the
 * stored flows are hourly and final only after the hour). A ring of {@value #MINUTES} minute slots, each a dense
 * origin-destination matrix allocated when the minute first has a transition and reused afterwards, so memory is
 * bounded by {@code MINUTES x side^2} ints. Transitions arrive a few minutes late (exits are back-dated); one older
 * than the ring holds is dropped. Not thread-safe.
 */
final class RecentFlows {

  static final int MINUTES = 61;
  private static final long MINUTE_MS = 60_000;

  private final int side;
  private final long[] minuteOf = new long[MINUTES];
  private final int[][] cells = new int[MINUTES][];
  private long newest = Long.MIN_VALUE;

  /** @param side the matrix side: zones plus "outside" */
  RecentFlows(int side) {
    this.side = side;
    Arrays.fill(minuteOf, Long.MIN_VALUE);
  }

  void add(long ts, int cell) {
    long minute = Math.floorDiv(ts, MINUTE_MS);
    newest = Math.max(newest, minute);
    int slot = (int) Math.floorMod(minute, MINUTES);
    if (minuteOf[slot] > minute || minute <= newest - MINUTES) {
      return;
    }
    if (minuteOf[slot] != minute) {
      if (cells[slot] == null) {
        cells[slot] = new int[side * side];
      } else {
        Arrays.fill(cells[slot], 0);
      }
      minuteOf[slot] = minute;
    }
    cells[slot][cell]++;
  }

  /**
   * Transitions per cell in the minutes that overlap {@code [from, to)} and are among the ring's, largest first, as
   * (cell, count) pairs. A slot not reused since holds a minute too old, which the bound on the newest leaves out.
   */
  List<int[]> between(long from, long to) {
    long first = Math.max(Math.floorDiv(from, MINUTE_MS), newest - MINUTES + 1);
    long last = Math.floorDiv(to - 1, MINUTE_MS);
    int[] sum = new int[side * side];
    for (int slot = 0; slot < MINUTES; slot++) {
      if (cells[slot] != null && minuteOf[slot] >= first && minuteOf[slot] <= last) {
        for (int c = 0; c < sum.length; c++) {
          sum[c] += cells[slot][c];
        }
      }
    }
    List<int[]> counted = new ArrayList<>();
    for (int c = 0; c < sum.length; c++) {
      if (sum[c] > 0) {
        counted.add(new int[] {c, sum[c]});
      }
    }
    counted.sort(Comparator.comparingInt((int[] pair) -> -pair[1]).thenComparingInt(pair -> pair[0]));
    return counted;
  }

  /** Empties the ring. */
  void forget() {
    Arrays.fill(minuteOf, Long.MIN_VALUE);
    Arrays.fill(cells, null);
    newest = Long.MIN_VALUE;
  }

  /** Writes the ring, for a snapshot. */
  void writeTo(DataOutput out) throws IOException {
    out.writeLong(newest);
    for (int slot = 0; slot < MINUTES; slot++) {
      out.writeLong(minuteOf[slot]);
      out.writeBoolean(cells[slot] != null);
      if (cells[slot] != null) {
        SparseArrays.write(out, cells[slot]);
      }
    }
  }

  /** Reads what {@link #writeTo} wrote into this ring, of the same side. */
  void readFrom(DataInput in) throws IOException {
    newest = in.readLong();
    for (int slot = 0; slot < MINUTES; slot++) {
      minuteOf[slot] = in.readLong();
      cells[slot] = in.readBoolean() ? new int[side * side] : null;
      if (cells[slot] != null) {
        SparseArrays.read(in, cells[slot]);
      }
    }
  }
}
