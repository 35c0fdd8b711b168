package io.footfall.bus;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each component of this node last said about itself; {@code /api/health} reports it. Components
 * update their own entry on state changes only, never per message.
 */
public final class NodeHealth {

  /** A component's state. DEGRADED means working with reduced guarantees (for example rollups queued). */
  public enum State { STARTING, UP, DEGRADED, DOWN }

  private record Entry(State state, String detail, long since) {
  }

  private final Map<String, Entry> components = new ConcurrentHashMap<>();

  public void report(String component, State state, String detail) {
    components.compute(component, (k, old) ->
        old != null && old.state == state && old.detail.equals(detail) ? old : new Entry(state, detail, System.currentTimeMillis()));
  }

  /** Drops a component that no longer exists on this node (a site engine that moved to another cluster node). */
  public void forget(String component) {
    components.remove(component);
  }

  public State state(String component) {
    Entry e = components.get(component);
    return e == null ? State.DOWN : e.state;
  }

  /** Overall state: the worst of all components. */
  public State overall() {
    State worst = State.UP;
    for (Entry e : components.values()) {
      if (e.state.ordinal() > worst.ordinal()) {
        worst = e.state;
      }
    }
    return worst;
  }

  public JsonObject toJson() {
    JsonObject parts = new JsonObject();
    components.forEach((name, e) -> parts.put(name, new JsonObject()
        .put("status", e.state.name().toLowerCase())
        .put("detail", e.detail)
        .put("since", e.since)));
    return new JsonObject().put("status", overall().name().toLowerCase()).put("components", parts);
  }
}
