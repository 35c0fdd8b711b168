package io.footfall.alerts;

import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.util.HashMap;
import java.util.Map;

/**
 * The usual occupancy of each zone of one site for each weekday and hour of the day (site-local time): the median
 * and median absolute deviation (MAD) of the zone's per-minute average devices over the past weeks, and in how many
 * of those weeks that weekday and hour held data. Immutable; computed in PostgreSQL and carried to the engine as
 * the JSON documented on {@link io.footfall.bus.Addresses#ENGINE_BASELINE}.
 */
public final class OccupancyBaseline {

  /** 1.4826 × MAD estimates the standard deviation of normally distributed values. */
  public static final double MAD_TO_SIGMA = 1.4826;
  private static final int SLOTS = 7 * 24;

  /**
   * @param median devices, the median of the past weeks' minutes of this weekday and hour
   * @param mad    the median absolute deviation of those minutes from the median
   * @param weeks  how many distinct days (one per past week) contributed
   */
  public record Slot(double median, double mad, int weeks) {

    /** A robust standard deviation. */
    public double spread() {
      return MAD_TO_SIGMA * mad;
    }
  }

  private final Slot[][] slots;

  private OccupancyBaseline(Slot[][] slots) {
    this.slots = slots;
  }

  /** No usual levels known: nothing is unusual. */
  public static OccupancyBaseline empty(Site site) {
    return new OccupancyBaseline(new Slot[site.zones().size()][SLOTS]);
  }

  /** The slot of a zone (by index) for a weekday and local hour, or null when no past week holds data for it. */
  public Slot slot(int zone, DayOfWeek day, int hour) {
    return slots[zone][index(day, hour)];
  }

  /** Slots with data, over all zones. */
  public int size() {
    int n = 0;
    for (Slot[] zone : slots) {
      for (Slot slot : zone) {
        n += slot == null ? 0 : 1;
      }
    }
    return n;
  }

  /**
   * Reads the {@code slots} of the JSON documented on {@link io.footfall.bus.Addresses#ENGINE_BASELINE}; slots of
   * zones the site does not have are ignored.
   */
  public static OccupancyBaseline fromJson(Site site, JsonObject json) {
    Map<String, Integer> zones = new HashMap<>();
    for (Zone zone : site.zones()) {
      zones.put(zone.id(), zone.index());
    }
    Builder builder = new Builder(site);
    JsonArray list = json.getJsonArray("slots", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      JsonObject slot = list.getJsonObject(i);
      Integer zone = zones.get(slot.getString("zone"));
      if (zone != null) {
        builder.put(zone, DayOfWeek.of(slot.getInteger("dow")), slot.getInteger("hour"),
            new Slot(slot.getDouble("median"), slot.getDouble("mad"), slot.getInteger("weeks")));
      }
    }
    return builder.build();
  }

  private static int index(DayOfWeek day, int hour) {
    if (hour < 0 || hour > 23) {
      throw new IllegalArgumentException("hour must be within [0, 23], got " + hour);
    }
    return (day.getValue() - 1) * 24 + hour;
  }

  /** Collects slots; one thread uses it. */
  public static final class Builder {

    private final Slot[][] slots;

    public Builder(Site site) {
      this.slots = new Slot[site.zones().size()][SLOTS];
    }

    public Builder put(int zone, DayOfWeek day, int hour, Slot slot) {
      slots[zone][index(day, hour)] = slot;
      return this;
    }

    public OccupancyBaseline build() {
      Slot[][] copy = new Slot[slots.length][];
      for (int z = 0; z < slots.length; z++) {
        copy[z] = slots[z].clone();
      }
      return new OccupancyBaseline(copy);
    }
  }
}
