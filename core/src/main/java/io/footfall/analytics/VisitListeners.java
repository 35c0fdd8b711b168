package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/** Several {@link VisitListener}s behind the one a {@link SiteAnalytics} takes, told in the order given. */
public final class VisitListeners implements VisitListener {

  private final VisitListener[] listeners;

  private VisitListeners(List<VisitListener> listeners) {
    this.listeners = listeners.toArray(VisitListener[]::new);
  }

  /** One listener telling all of {@code listeners}, in order. */
  public static VisitListener of(VisitListener... listeners) {
    return listeners.length == 1 ? listeners[0] : new VisitListeners(List.of(listeners));
  }

  @Override
  public void onVisit(long dev, int zone, long enterTs, long exitTs, boolean random) {
    for (VisitListener l : listeners) {
      l.onVisit(dev, zone, enterTs, exitTs, random);
    }
  }

  @Override
  public void onTransition(long dev, int fromZone, int toZone, long ts, boolean random) {
    for (VisitListener l : listeners) {
      l.onTransition(dev, fromZone, toZone, ts, random);
    }
  }

  @Override
  public void onHeardAgain(long dev, int fromZone, int toZone, long lastHeard, long heard) {
    for (VisitListener l : listeners) {
      l.onHeardAgain(dev, fromZone, toZone, lastHeard, heard);
    }
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    for (VisitListener l : listeners) {
      l.writeState(out);
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    for (VisitListener l : listeners) {
      l.readState(in);
    }
  }

  @Override
  public void forgetState() {
    for (VisitListener l : listeners) {
      l.forgetState();
    }
  }

  @Override
  public void onRenamed(long oldDev, long newDev) {
    for (VisitListener l : listeners) {
      l.onRenamed(oldDev, newDev);
    }
  }

  @Override
  public void onRepeatId(long dev, long rid, long ts) {
    for (VisitListener l : listeners) {
      l.onRepeatId(dev, rid, ts);
    }
  }

  @Override
  public void onFinal(long before, long amendableAfter) {
    for (VisitListener l : listeners) {
      l.onFinal(before, amendableAfter);
    }
  }
}
