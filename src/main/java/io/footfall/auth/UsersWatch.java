package io.footfall.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the users file when its modification time or size changes and swaps the users into {@link Credentials},
 * recording what changed in the {@link Audit} trail. A file that does not parse is logged and the previous users
 * stay. Confined to the web server's event loop (the file is read on a worker).
 */
final class UsersWatch {

  private static final Logger LOG = LoggerFactory.getLogger(UsersWatch.class);

  private final Path file;
  private final List<User> fixed;
  private final long checkMs;
  private List<User> current;
  private String stamp;

  /**
   * @param fixed   users that are not in the file and stay (the demo users)
   * @param current the users the server started with
   */
  UsersWatch(Path file, List<User> fixed, long checkMs, List<User> current) {
    this.file = file;
    this.fixed = List.copyOf(fixed);
    this.checkMs = checkMs;
    this.current = List.copyOf(current);
  }

  void start(Vertx vertx, Credentials credentials) {
    stamp(vertx).onSuccess(s -> stamp = s);
    vertx.setPeriodic(checkMs, id -> reloadIfChanged(vertx, credentials));
  }

  private Future<String> stamp(Vertx vertx) {
    return vertx.fileSystem().props(file.toString())
        .map(props -> props.lastModifiedTime() + "/" + props.size())
        .otherwise("missing");
  }

  private void reloadIfChanged(Vertx vertx, Credentials credentials) {
    stamp(vertx)
        .compose(newStamp -> newStamp.equals(stamp) ? Future.succeededFuture() : vertx.executeBlocking(this::load)
            .onSuccess(loaded -> {
              stamp = newStamp;
              Audit.usersChanged(current, loaded);
              current = loaded;
              credentials.replace(loaded);
              LOG.info("users reloaded [file: {}, users: {}]", file, loaded.size());
            }))
        .onFailure(e -> LOG.warn("cannot reload users, keeping the previous ones [file: {}, reason: {}]", file, e.getMessage()));
  }

  private List<User> load() {
    List<User> loaded = new ArrayList<>(UsersFile.load(file));
    loaded.addAll(fixed);
    return List.copyOf(loaded);
  }
}
