package io.footfall.store;

import io.vertx.core.json.JsonArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A row stamped with the fencing epoch it is written under ({@link SiteEpochs}).
 *
 * @param <T> the row type
 */
record Fenced<T>(long epoch, T row) {

  private static final Logger LOG = LoggerFactory.getLogger(Fenced.class);

  /**
   * Logs the rows a fenced upsert left alone: rows of a node that lost the site to a newer owner, which is worth a
   * line once per write (one per hand-over) but no alarm.
   *
   * @param sent   rows in the statement
   * @param stored rows it inserted or updated
   */
  static void refused(String table, int sent, int stored) {
    if (stored < sent) {
      LOG.info("rows of an older ownership epoch refused [table: {}, rows: {}]", table, sent - stored);
    }
  }

  /**
   * The spool format of fenced rows: {@code [epoch, row]} with the row in its own format. A line spooled before
   * fencing (the row's own array, whose first element is always a string) reads as epoch 0, like the rows the
   * migration found in PostgreSQL.
   */
  static <T> RowFormat<Fenced<T>> format(RowFormat<T> rows) {
    return new RowFormat<>() {
      @Override
      public String name() {
        return rows.name();
      }

      @Override
      public JsonArray encode(Fenced<T> fenced) {
        return new JsonArray().add(fenced.epoch()).add(rows.encode(fenced.row()));
      }

      @Override
      public Fenced<T> decode(JsonArray array) {
        if (array.getValue(0) instanceof Number epoch) {
          return new Fenced<>(epoch.longValue(), rows.decode(array.getJsonArray(1)));
        }
        return new Fenced<>(0, rows.decode(array));
      }
    };
  }
}
