package io.footfall.store;

import io.vertx.core.json.JsonArray;

/**
 * How a {@link WriteQueue}'s rows are written to and read from its {@link Spool}: one JSON array per row.
 *
 * @param <T> the row type
 */
interface RowFormat<T> {

  /** Names the spool's segment files ({@code <name>-<n>.jsonl}) and the queue in logs. */
  String name();

  JsonArray encode(T row);

  /** Throws a RuntimeException for an array that is not a row of this format. */
  T decode(JsonArray array);
}
