package io.footfall.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model parameters of a simulated mall day. A scenario file (YAML, {@code deploy/scenarios/*.yaml}) only
 * needs the values it changes: it is merged over {@link #defaults()}, and unknown keys are refused so that a
 * typo does not silently fall back to a default. Every parameter is documented in {@code docs/simulator.md}.
 *
 * @param duration        how long {@code footfall sim} runs when {@code --duration} is not given ("12h", "forever")
 * @param visitorsPerDay  shoppers and passers-through arriving on a weekday
 * @param weekendFactor   multiplier of {@code visitorsPerDay} on Saturdays and Sundays
 * @param offHoursVisitorsPerHour arrival floor outside opening hours, only when the mall never closes (demo)
 * @param passThroughShare share of arrivals who only cross the mall from one entrance to another
 * @param destinationShare share of shoppers who head for one chosen store first
 * @param changes         what changes during the run: a store that opens, a refit that draws more or fewer passers-by
 */
public record Scenario(
    String duration,
    String open,
    String close,
    int visitorsPerDay,
    double weekendFactor,
    double offHoursVisitorsPerHour,
    List<Peak> arrivalPeaks,
    double arrivalBase,
    double passThroughShare,
    double destinationShare,
    LogNormal stayMinutes,
    double walkSpeed,
    LogNormal corridorBrowseSeconds,
    double escalatorSeconds,
    Repeat repeat,
    Staff staff,
    Phones phones,
    Radio radio,
    Place storeDefaults,
    Map<String, Place> stores,
    Place foodCourt,
    double foodCourtMealEnter,
    List<String> mealTimes,
    Place service,
    List<Change> changes) {

  /**
   * From instant {@code at} on, store {@code store} is entered with probability {@code enter} by those who pass it
   * (0 = closed, as a unit before its shop opens); the truth then knows exactly what the change did.
   */
  public record Change(String store, String at, double enter) {

    public long atMs() {
      return java.time.Instant.parse(at).toEpochMilli();
    }
  }

  /** A peak of the arrival curve: local time, width (hours, one standard deviation) and height over the base. */
  public record Peak(String at, double widthHours, double height) {
  }

  /** A log-normal distribution by its median and the standard deviation of its logarithm. */
  public record LogNormal(double median, double sigma) {
  }

  /** Repeat visitors: a persistent population of regulars; {@code share} of arrivals are regulars. */
  public record Repeat(double share, LogNormal visitsPerWeek) {
  }

  /** People and devices that stay all day: staff per zone kind, fixed probing devices per store. */
  public record Staff(int perStore, int foodCourt, int service, String shiftStart, String shiftEnd,
                      int fixedDevicesPerStore, double fixedDeviceIntervalSeconds) {
  }

  /** Phones: who carries one, how it probes and how it randomizes its MAC. */
  public record Phones(double noPhoneShare, double randomMacShare, int models, double screenOnShare,
                       List<Double> screenOnIntervalSeconds, List<Double> screenOffIntervalSeconds,
                       List<Integer> framesPerBurst, int frameSpacingMs, List<Integer> rotateEveryBursts,
                       int maxSequenceGap) {
  }

  /** The radio channel between a phone and a sensor. */
  public record Radio(double txPowerDbm, double exponent, double shadowingSigmaDb, double frameSigmaDb,
                      double deviceOffsetSigmaDb, double wallLossDb, double floorLossDb, double floorHeightM,
                      double noiseFloorDbm, double frameLoss) {
  }

  /** How a zone attracts people: probability of entering when passing, and the log-normal dwell in minutes. */
  public record Place(double enter, double dwellMinutes, double sigma) {
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** The built-in parameters; {@code deploy/scenarios/default.yaml} spells out the same values. */
  public static Scenario defaults() {
    Map<String, Place> stores = new TreeMap<>();
    stores.put("store-northwind", new Place(0.07, 12, 0.6));
    stores.put("store-lumen", new Place(0.08, 10, 0.7));
    stores.put("store-aroma", new Place(0.09, 15, 0.5));
    stores.put("store-pagequill", new Place(0.06, 14, 0.7));
    stores.put("store-stride", new Place(0.05, 9, 0.6));
    stores.put("store-bloom", new Place(0.06, 8, 0.6));
    stores.put("store-freshmarket", new Place(0.08, 12, 0.5));
    stores.put("store-pharmaplus", new Place(0.06, 5, 0.5));
    stores.put("store-urbanthreads", new Place(0.09, 12, 0.6));
    stores.put("store-gadgethub", new Place(0.08, 10, 0.7));
    stores.put("store-casa", new Place(0.06, 11, 0.6));
    stores.put("store-kidz", new Place(0.06, 10, 0.6));
    stores.put("store-toyplanet", new Place(0.07, 9, 0.6));
    stores.put("store-sportarena", new Place(0.08, 10, 0.6));
    return new Scenario("12h", "09:00", "21:00", 15_000, 1.3, 120,
        List.of(new Peak("12:45", 1.2, 1.0), new Peak("17:15", 1.6, 1.2)), 0.35,
        0.08, 0.35, new LogNormal(50, 0.55), 1.2, new LogNormal(15, 0.8), 30,
        new Repeat(0.35, new LogNormal(1.0, 0.6)),
        new Staff(3, 12, 1, "08:30", "21:15", 1, 120),
        new Phones(0.2, 0.6, 45, 0.3, List.of(15.0, 30.0), List.of(60.0, 120.0), List.of(1, 4), 20,
            List.of(1, 4), 24),
        new Radio(-40, 3.0, 4.0, 1.0, 3.0, 6.0, 20.0, 5.0, -90, 0.03),
        new Place(0.07, 10, 0.6), stores, new Place(0.06, 25, 0.5), 0.35, List.of("12:30", "18:30"),
        new Place(0.05, 4, 0.5), List.of());
  }

  /** Reads a scenario file, merged over {@link #defaults()}. */
  public static Scenario load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  static Scenario parse(String yaml, String source) {
    try {
      ObjectNode merged = YAML.valueToTree(defaults());
      JsonNode overrides = YAML.readTree(yaml);
      if (overrides != null && !overrides.isMissingNode() && !overrides.isNull()) {
        if (!overrides.isObject()) {
          throw new IllegalArgumentException(source + ": a scenario must be a mapping of parameters");
        }
        merge(merged, (ObjectNode) overrides);
      }
      return YAML.treeToValue(merged, Scenario.class).validated(source);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Mappings merge key by key; lists and scalars replace the default (the {@code stores} map adds stores). */
  private static void merge(ObjectNode target, ObjectNode overrides) {
    overrides.fields().forEachRemaining(e -> {
      JsonNode current = target.get(e.getKey());
      if (current instanceof ObjectNode currentObject && e.getValue() instanceof ObjectNode overrideObject) {
        merge(currentObject, overrideObject);
      } else {
        target.set(e.getKey(), e.getValue());
      }
    });
  }

  private Scenario validated(String source) {
    requireShare(source, "passThroughShare", passThroughShare);
    requireShare(source, "destinationShare", destinationShare);
    requireShare(source, "repeat.share", repeat.share());
    requireShare(source, "phones.noPhoneShare", phones.noPhoneShare());
    requireShare(source, "phones.randomMacShare", phones.randomMacShare());
    requireShare(source, "phones.screenOnShare", phones.screenOnShare());
    requireShare(source, "radio.frameLoss", radio.frameLoss());
    if (visitorsPerDay < 0) {
      throw new IllegalArgumentException(source + ": visitorsPerDay must not be negative");
    }
    if (phones.models() < 1) {
      throw new IllegalArgumentException(source + ": phones.models must be at least 1");
    }
    requireRange(source, "phones.framesPerBurst", phones.framesPerBurst());
    requireRange(source, "phones.rotateEveryBursts", phones.rotateEveryBursts());
    requireRange(source, "phones.screenOnIntervalSeconds", phones.screenOnIntervalSeconds());
    requireRange(source, "phones.screenOffIntervalSeconds", phones.screenOffIntervalSeconds());
    if (!openTime().isBefore(closeTime())) {
      throw new IllegalArgumentException(source + ": open must be before close");
    }
    runDuration();
    for (Change change : changes) {
      requireShare(source, "changes[" + change.store() + "].enter", change.enter());
      try {
        change.atMs();
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(source + ": changes[" + change.store() + "].at must be an ISO instant"
            + " such as 2026-11-02T00:00:00Z, got '" + change.at() + "'");
      }
    }
    mealTimes.forEach(LocalTime::parse);
    arrivalPeaks.forEach(p -> LocalTime.parse(p.at()));
    LocalTime.parse(staff.shiftStart());
    LocalTime.parse(staff.shiftEnd());
    return this;
  }

  private static void requireShare(String source, String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(source + ": " + name + " must be between 0 and 1, got " + value);
    }
  }

  private static <T extends Number> void requireRange(String source, String name, List<T> range) {
    if (range.size() != 2 || range.get(0).doubleValue() <= 0
        || range.get(0).doubleValue() > range.get(1).doubleValue()) {
      throw new IllegalArgumentException(source + ": " + name + " must be [min, max] with 0 < min <= max");
    }
  }

  public LocalTime openTime() {
    return LocalTime.parse(open);
  }

  public LocalTime closeTime() {
    return LocalTime.parse(close);
  }

  /** The run length this scenario asks for; null means forever. */
  public Duration runDuration() {
    return DurationText.parse(duration);
  }

  /** The same scenario with another number of visitors per weekday. */
  public Scenario withVisitorsPerDay(int visitors) {
    return new Scenario(duration, open, close, visitors, weekendFactor, offHoursVisitorsPerHour, arrivalPeaks,
        arrivalBase, passThroughShare, destinationShare, stayMinutes, walkSpeed, corridorBrowseSeconds,
        escalatorSeconds, repeat, staff, phones, radio, storeDefaults, stores, foodCourt, foodCourtMealEnter,
        mealTimes, service, changes).validated("visitorsPerDay");
  }

  /** Entry probability and dwell of a store, falling back to {@link #storeDefaults}. */
  public Place store(String zoneId) {
    return stores.getOrDefault(zoneId, storeDefaults);
  }
}
