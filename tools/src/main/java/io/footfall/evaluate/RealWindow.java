package io.footfall.evaluate;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A replayed day cut into windows of people counted by hand, each with what footfall and the naive baseline saw.
 *
 * @param start      window start, epoch ms (windows are aligned to the epoch, so to UTC clock minutes)
 * @param people     the people counted by hand, time-weighted mean over the window
 * @param devices    footfall: the mean over the window's minutes of the site's {@code estimatedDevices} minute rows
 *                   (a minute without a row had none)
 * @param addresses  the naive baseline: distinct addresses heard at or above {@link #NAIVE_FLOOR_DBM}
 * @param localHour  the local hour of the window's middle (the calibration's hour band)
 */
record RealWindow(long start, double people, double devices, int addresses, int localHour) {

  /** The naive baseline's RSSI floor, footfall's default. */
  static final int NAIVE_FLOOR_DBM = -85;

  /** The windows of one day between its first and last count, where the counts cover at least half the window. */
  static List<RealWindow> of(CaptureReplay.Day day, HandCounts counts, long windowMs, ZoneId zone) {
    List<RealWindow> windows = new ArrayList<>();
    long from = counts.firstMs() - Math.floorMod(counts.firstMs(), windowMs);
    for (long w = from; w < counts.lastMs(); w += windowMs) {
      double people = counts.mean(w, w + windowMs);
      if (Double.isNaN(people)) {
        continue;
      }
      int hour = Instant.ofEpochMilli(w + windowMs / 2).atZone(zone).getHour();
      windows.add(new RealWindow(w, people, devices(day, w, w + windowMs), addresses(day, w, w + windowMs), hour));
    }
    return windows;
  }

  /** footfall's mean estimated devices over {@code [from, to)}, minute rows only (what a calibration POST stores). */
  static double devices(CaptureReplay.Day day, long from, long to) {
    double sum = 0;
    int minutes = 0;
    for (long m = from - Math.floorMod(from, 60_000L); m < to; m += 60_000) {
      CaptureReplay.Minute row = day.minutes().get(m);
      sum += row == null ? 0 : row.estimatedDevices();
      minutes++;
    }
    return minutes == 0 ? 0 : sum / minutes;
  }

  static int addresses(CaptureReplay.Day day, long from, long to) {
    Set<String> distinct = new HashSet<>();
    for (CaptureReplay.Heard h : day.heard()) {
      if (h.ts() >= from && h.ts() < to && h.rssi() >= NAIVE_FLOOR_DBM) {
        distinct.add(h.dev());
      }
    }
    return distinct.size();
  }
}
