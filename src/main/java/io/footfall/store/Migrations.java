package io.footfall.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date from the versioned scripts in {@code db/migration} ({@code V<n>__<what>.sql}).
 * All pending scripts run in one transaction, in version order, each recorded in {@code schema_version}; a script
 * is never run twice. The transaction first takes an advisory lock, so nodes starting together migrate one after
 * the other and the later ones find nothing left to do.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** Every script, oldest first. A jar cannot be listed, so a new script is added here too. */
  private static final List<String> SCRIPTS = List.of("V1__zone_minutes.sql", "V2__store_metrics.sql",
      "V3__estimates_calibration_repeat.sql", "V4__alerts.sql", "V5__repeat_visits.sql",
      "V6__alert_direction.sql", "V7__fencing_epochs.sql", "V8__calibration_model.sql", "V9__zone_minute_revision.sql",
      "V10__alert_epoch.sql", "V11__repeat_visit_epoch.sql");

  private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

  /** Arbitrary but fixed: "footfall" in ASCII. */
  private static final long LOCK_KEY = 0x666f6f7466616c6cL;

  record Script(int version, String description, String sql) {
  }

  private static final List<Script> ALL = SCRIPTS.stream().map(Migrations::load).toList();

  private Migrations() {
  }

  /** The versions of every script, oldest first. */
  static List<Integer> versions() {
    return ALL.stream().map(Script::version).toList();
  }

  /** Applies the pending scripts; completes with the versions applied now (empty if the schema was current). */
  public static Future<List<Integer>> apply(Pool pool) {
    return pool.withTransaction(conn -> lock(conn)
        .compose(locked -> createSchemaVersionTable(conn))
        .compose(created -> appliedVersions(conn))
        .compose(applied -> applyPending(conn, ALL, applied)));
  }

  private static Future<?> lock(SqlConnection conn) {
    return conn.preparedQuery(Sql.LOCK_MIGRATIONS).execute(Tuple.of(LOCK_KEY));
  }

  /** Only when missing: CREATE TABLE IF NOT EXISTS would log a notice on every start. */
  private static Future<Void> createSchemaVersionTable(SqlConnection conn) {
    return conn.query(Sql.SCHEMA_VERSION_EXISTS).execute()
        .compose(rows -> rows.iterator().next().getBoolean(0)
            ? Future.succeededFuture()
            : conn.query(Sql.CREATE_SCHEMA_VERSION).execute().mapEmpty());
  }

  private static Future<Set<Integer>> appliedVersions(SqlConnection conn) {
    return conn.query(Sql.APPLIED_VERSIONS).execute().map(rows -> {
      Set<Integer> versions = new HashSet<>();
      for (Row row : rows) {
        versions.add(row.getInteger(0));
      }
      return versions;
    });
  }

  private static Future<List<Integer>> applyPending(SqlConnection conn, List<Script> scripts, Set<Integer> applied) {
    int newest = scripts.get(scripts.size() - 1).version();
    applied.stream().filter(v -> v > newest).findAny().ifPresent(v ->
        LOG.warn("database schema is newer than this footfall [schemaVersion: {}, known: {}]", v, newest));
    List<Integer> appliedNow = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Script script : scripts) {
      if (!applied.contains(script.version())) {
        chain = chain.compose(done -> run(conn, script)).onSuccess(done -> appliedNow.add(script.version()));
      }
    }
    return chain.map(done -> appliedNow);
  }

  private static Future<Void> run(SqlConnection conn, Script script) {
    LOG.info("applying migration [version: {}, description: {}]", script.version(), script.description());
    return conn.query(script.sql()).execute()
        .compose(done -> conn.preparedQuery(Sql.RECORD_VERSION).execute(Tuple.of(script.version(), script.description())))
        .mapEmpty();
  }

  private static Script load(String file) {
    Matcher name = NAME.matcher(file);
    if (!name.matches()) {
      throw new IllegalStateException("migration script misnamed: " + file);
    }
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream("db/migration/" + file)) {
      if (in == null) {
        throw new IllegalStateException("migration script missing from the classpath: " + file);
      }
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new Script(Integer.parseInt(name.group(1)), name.group(2).replace('_', ' '), sql);
    } catch (IOException e) {
      throw new UncheckedIOException("migration script unreadable: " + file, e);
    }
  }
}
