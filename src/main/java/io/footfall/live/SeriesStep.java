package io.footfall.live;

import io.footfall.analytics.ZoneMinute;
import io.footfall.fault.ClientFault;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The resolution of a series: per minute as stored, or summed into hours or days of the site's local time. An
 * hour or day has the mean of its stored minutes' {@code devicesAvg}, the largest {@code devicesMax}, the sum of {@code entries} and
 * {@code exits}, and the largest per-minute {@code uniques} (distinct devices cannot be summed).
 */
enum SeriesStep {
  MINUTE(ChronoUnit.MINUTES),
  HOUR(ChronoUnit.HOURS),
  DAY(ChronoUnit.DAYS);

  private final ChronoUnit unit;

  SeriesStep(ChronoUnit unit) {
    this.unit = unit;
  }

  static SeriesStep parse(String value) {
    if (value == null || value.isBlank()) {
      return MINUTE;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ClientFault.badInput("step", "'step' must be minute, hour or day");
    }
  }

  /** The minutes (ordered) grouped into this step's buckets, each dated by its start. */
  List<ZoneMinute> aggregate(List<ZoneMinute> minutes, ZoneId timezone) {
    if (this == MINUTE) {
      return minutes;
    }
    List<ZoneMinute> out = new ArrayList<>();
    Bucket bucket = null;
    for (ZoneMinute m : minutes) {
      long start = Instant.ofEpochMilli(m.minute()).atZone(timezone).truncatedTo(unit).toInstant().toEpochMilli();
      if (bucket == null || bucket.start != start) {
        if (bucket != null) {
          out.add(bucket.row());
        }
        bucket = new Bucket(m.site(), m.zone(), start);
      }
      bucket.add(m);
    }
    if (bucket != null) {
      out.add(bucket.row());
    }
    return out;
  }

  private static final class Bucket {
    final String site;
    final String zone;
    final long start;
    double avgSum;
    int minutes;
    int max;
    int entries;
    int exits;
    int uniques;
    int revision;

    Bucket(String site, String zone, long start) {
      this.site = site;
      this.zone = zone;
      this.start = start;
    }

    void add(ZoneMinute m) {
      avgSum += m.devicesAvg();
      minutes++;
      max = Math.max(max, m.devicesMax());
      entries += m.entries();
      exits += m.exits();
      uniques = Math.max(uniques, m.uniques());
      revision = Math.max(revision, m.revision());
    }

    ZoneMinute row() {
      return new ZoneMinute(site, zone, start, avgSum / minutes, max, entries, exits, uniques, revision);
    }
  }
}
