package io.footfall.analytics;

import java.util.ArrayList;
import java.util.List;

/** Writes down visits, transitions and silences as readable lines, times in ms after {@link TestSite#T0}. */
final class RecordingListener implements VisitListener {

  final List<String> visits = new ArrayList<>();
  final List<String> transitions = new ArrayList<>();
  final List<String> silences = new ArrayList<>();

  @Override
  public void onVisit(long dev, int zone, long enterTs, long exitTs, boolean random) {
    visits.add("dev " + dev + " in " + zone(zone) + " from " + (enterTs - TestSite.T0) + " to "
        + (exitTs - TestSite.T0) + (random ? " random" : ""));
  }

  @Override
  public void onTransition(long dev, int fromZone, int toZone, long ts, boolean random) {
    transitions.add("dev " + dev + " " + zone(fromZone) + "->" + zone(toZone) + " at " + (ts - TestSite.T0));
  }

  @Override
  public void onHeardAgain(long dev, int fromZone, int toZone, long lastHeard, long heard) {
    silences.add("dev " + dev + " " + zone(fromZone) + " at " + (lastHeard - TestSite.T0) + " then " + zone(toZone)
        + " at " + (heard - TestSite.T0));
  }

  @Override
  public void onRenamed(long oldDev, long newDev) {
    transitions.add("dev " + oldDev + " is now dev " + newDev);
  }

  private static String zone(int zone) {
    return zone == OUTSIDE ? "outside" : "ABC".substring(zone, zone + 1);
  }
}
