package io.footfall.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/** Running counters of a simulation, for the summary file and for progress logs. Touched by one thread only. */
public final class SimStats {

  long arrivals;
  long shoppers;
  long passers;
  long regularVisits;
  long staffShifts;
  long fixedDevices;
  long bursts;
  long frames;
  long sightings;
  long batches;
  long visits;
  long transitions;
  long devIds;
  long randomMacs;
  int peakPeople;
  int peopleNow;

  public long arrivals() {
    return arrivals;
  }

  public long sightings() {
    return sightings;
  }

  public long batches() {
    return batches;
  }

  /** People (not fixed devices) in the mall right now. */
  public int peopleNow() {
    return peopleNow;
  }

  Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("arrivals", arrivals);
    m.put("shoppers", shoppers);
    m.put("passersThrough", passers);
    m.put("regularVisits", regularVisits);
    m.put("staffShifts", staffShifts);
    m.put("fixedDevices", fixedDevices);
    m.put("bursts", bursts);
    m.put("frames", frames);
    m.put("sightings", sightings);
    m.put("batches", batches);
    m.put("visits", visits);
    m.put("transitions", transitions);
    m.put("distinctDevIds", devIds);
    m.put("distinctRandomMacs", randomMacs);
    m.put("peakPeople", peakPeople);
    m.put("peopleAtEnd", peopleNow);
    return m;
  }
}
