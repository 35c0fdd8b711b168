package io.footfall.meraki;

import io.footfall.fault.ClientFault;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.wire.DevicePseudonyms;
import io.footfall.wire.RepeatIds;
import io.footfall.wire.Sighting;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns one Meraki Scanning API POST into footfall sightings per sensor, hashing every client MAC on arrival with
 * the site key exactly as footfall's sensor agent does, so that a phone heard by a Meraki access point and by a
 * footfall sensor gets the same device id (and, for a globally administered address, the same repeat-visit id
 * under the same {@code repeat.keyRotationDays}). Raw client MACs never leave this class.
 *
 * <p>Accepts v2 ({@code type: DevicesSeen}, one POST per access point: {@code data.apMac},
 * {@code data.observations[].{clientMac, rssi, seenEpoch | seenTime}}) and v3 ({@code type: WiFi}, one POST per
 * network: {@code data.observations[].{clientMac, locations[].{time, rssiRecords[].{apMac, rssi}}}}, or
 * {@code latestRecord.{time, nearestApMac, nearestApRssi}} for a client without recent locations). Bluetooth
 * payloads carry no phones' WiFi and are ignored. Access points that stand for no sensor of the site are skipped.
 */
final class MerakiDecoder {

  /** What one POST gave: sightings per sensor and how many observations were skipped, by reason. */
  record Decoded(Map<SensorSpec, List<Sighting>> bySensor, Map<String, Integer> skipped) {

    int sightings() {
      return bySensor.values().stream().mapToInt(List::size).sum();
    }
  }

  private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}");
  private static final HexFormat HEX = HexFormat.of();
  /** 2000-01-01T00:00:00Z: the wire format's earliest time; an older observation is a broken clock. */
  private static final long EARLIEST_TS = 946_684_800_000L;

  private final DevicePseudonyms pseudonyms;
  private final RepeatIds repeatIds;
  private final int noiseFloorDbm;
  private final Map<String, SensorSpec> sensorsByAp = new LinkedHashMap<>();

  /**
   * @param repeatIds repeat-visit ids of globally administered client MACs (under the same site keys), or null to
   *                  send none ({@code meraki.repeatVisits} off)
   */
  MerakiDecoder(Site site, DevicePseudonyms pseudonyms, RepeatIds repeatIds, int noiseFloorDbm) {
    this.pseudonyms = pseudonyms;
    this.repeatIds = repeatIds;
    this.noiseFloorDbm = noiseFloorDbm;
    site.sensors().stream().filter(s -> s.merakiApMac() != null).forEach(s -> sensorsByAp.put(s.merakiApMac(), s));
  }

  /** The type field of a payload, checked; the caller has already checked the secret. */
  static boolean isWifi(JsonObject body) {
    String type = body.getString("type", "");
    return "DevicesSeen".equals(type) || "WiFi".equals(type);
  }

  Decoded decode(JsonObject body) {
    Collector out = new Collector();
    JsonObject data = object(body, "data");
    JsonArray observations = data.getValue("observations") instanceof JsonArray a ? a : null;
    if (observations == null) {
      throw ClientFault.badInput("schema", "data.observations: must be an array");
    }
    if ("DevicesSeen".equals(body.getString("type"))) {
      SensorSpec sensor = sensorsByAp.get(normalisedMac(data.getValue("apMac")));
      for (Object o : observations) {
        if (sensor == null) {
          out.skip("unknown-ap");
        } else if (o instanceof JsonObject obs) {
          out.add(sensor, obs.getValue("clientMac"), v2Time(obs), obs.getValue("rssi"));
        } else {
          out.skip("schema");
        }
      }
    } else {
      for (Object o : observations) {
        if (o instanceof JsonObject obs) {
          v3Observation(obs, out);
        } else {
          out.skip("schema");
        }
      }
    }
    return new Decoded(out.bySensor, out.skipped);
  }

  private void v3Observation(JsonObject obs, Collector out) {
    Object clientMac = obs.getValue("clientMac");
    JsonArray locations = obs.getValue("locations") instanceof JsonArray a ? a : new JsonArray();
    boolean any = false;
    for (Object l : locations) {
      if (!(l instanceof JsonObject location) || !(location.getValue("rssiRecords") instanceof JsonArray records)) {
        continue;
      }
      long ts = isoTime(location.getValue("time"));
      for (Object r : records) {
        if (r instanceof JsonObject record) {
          any = true;
          out.add(sensorsByAp.get(normalisedMac(record.getValue("apMac"))), clientMac, ts, record.getValue("rssi"));
        }
      }
    }
    if (!any && obs.getValue("latestRecord") instanceof JsonObject latest) {
      any = true;
      out.add(sensorsByAp.get(normalisedMac(latest.getValue("nearestApMac"))), clientMac,
          isoTime(latest.getValue("time")), latest.getValue("nearestApRssi"));
    }
    if (!any) {
      out.skip("schema");
    }
  }

  private static long v2Time(JsonObject obs) {
    if (obs.getValue("seenEpoch") instanceof Number seconds) {
      return seconds.longValue() * 1000;
    }
    return isoTime(obs.getValue("seenTime"));
  }

  private static long isoTime(Object value) {
    if (value instanceof String s) {
      try {
        return Instant.parse(s).toEpochMilli();
      } catch (DateTimeParseException e) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Meraki reports RSSI as dB above the noise floor (a positive number); dBm is that plus the floor. A negative
   * value is taken to be dBm already. Clamped to the wire format's range.
   */
  private Integer dbm(Object rssi) {
    Integer value = rssi instanceof Number n ? Integer.valueOf(n.intValue())
        : rssi instanceof String s && s.matches("-?\\d{1,4}") ? Integer.valueOf(s) : null;
    if (value == null) {
      return null;
    }
    int dbm = value >= 0 ? value + noiseFloorDbm : value;
    return Math.max(-127, Math.min(20, dbm));
  }

  private static String normalisedMac(Object value) {
    return value instanceof String s && MAC.matcher(s).matches() ? s.toLowerCase(Locale.ROOT).replace('-', ':') : null;
  }

  private static byte[] macBytes(Object value) {
    String mac = normalisedMac(value);
    return mac == null ? null : HEX.parseHex(mac.replace(":", ""));
  }

  private static JsonObject object(JsonObject parent, String field) {
    if (parent.getValue(field) instanceof JsonObject o) {
      return o;
    }
    throw ClientFault.badInput("schema", field + ": must be an object");
  }

  /** Builds the per-sensor sightings; the raw MAC bytes are hashed here and dropped. */
  private final class Collector {
    final Map<SensorSpec, List<Sighting>> bySensor = new LinkedHashMap<>();
    final Map<String, Integer> skipped = new LinkedHashMap<>();

    void add(SensorSpec sensor, Object clientMac, long ts, Object rssi) {
      if (sensor == null) {
        skip("unknown-ap");
        return;
      }
      byte[] mac = macBytes(clientMac);
      if (mac == null || ts < EARLIEST_TS) {
        skip("schema");
        return;
      }
      String dev = pseudonyms.pseudonym(mac, ts);
      if (dev == null) {
        skip("no-key");
        return;
      }
      boolean randomized = (mac[0] & 0x02) != 0;
      String rid = randomized || repeatIds == null ? null : repeatIds.rid(mac, ts);
      bySensor.computeIfAbsent(sensor, s -> new ArrayList<>())
          .add(new Sighting(dev, dbm(rssi), ts, randomized, null, null, 1, rid));
    }

    void skip(String reason) {
      skipped.merge(reason, 1, Integer::sum);
    }
  }
}
