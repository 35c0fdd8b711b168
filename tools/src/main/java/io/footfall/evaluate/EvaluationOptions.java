package io.footfall.evaluate;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What to evaluate and against which footfall.
 *
 * @param scenario    scenario file; null for the built-in default (a full mall day)
 * @param seed        simulator seed
 * @param speed       simulated seconds per real second ({@link io.footfall.sim.SimOptions#MAX_SPEED} for max)
 * @param start       simulated start, ISO date-time (local to the site without an offset); null for
 *                    {@link #DEFAULT_START} at the site's opening time
 * @param duration    run length; null for the scenario's
 * @param server      REST base URL of a running footfall; null starts a node in-process (demo sensor auth,
 *                    ports 0, embedded PostgreSQL in {@code dataDir})
 * @param mqtt        broker of that running footfall ({@code mqtt://host:port}); ignored without {@code server}
 * @param password    sensor password for the simulator and the closing batches
 * @param dataDir     where the in-process node keeps PostgreSQL and where the ground truth goes
 * @param config      footfall configuration file of the in-process node (the settings to evaluate); null for the
 *                    defaults
 * @param settle      event time published past the end of the run so that every minute becomes final; must exceed
 *                    the server's absence timeout plus its allowed lateness and sweep interval
 * @param login       {@code name:password} of a footfall user who may read the site (the in-process node has the
 *                    demo users)
 * @param warmStart   start with the crowd of that time of day already inside (the simulator's warm start), so that
 *                    a busy hour can be scored on its own
 */
public record EvaluationOptions(Path scenario, long seed, double speed, String start, Duration duration, URI server,
                                URI mqtt, String password, Path dataDir, Path config, Duration settle,
                                String login, boolean warmStart) {

  /** A Tuesday: the default day evaluated, so that a report is reproducible. */
  public static final String DEFAULT_START = "2025-03-04";

  /** The demo admin, which the in-process node has. */
  public static final String DEMO_LOGIN = "admin:" + io.footfall.auth.DemoUsers.PASSWORD;
}
