package io.footfall.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.footfall.alerts.AlertsConfig;
import io.footfall.analytics.MetricsSettings;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.footfall.engine.EngineConfig;
import io.footfall.engine.EngineOptions;
import io.footfall.engine.EngineVerticle;
import io.footfall.site.Site;
import io.footfall.store.SiteEpochs;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which node runs each site and runs the engines of the sites this node owns.
 *
 * <p>Ownership is a lease per site in the {@link HazelcastSetup#LEASES} map: value {@code nodeId/n}, entries
 * expire {@code leaseMs} after their last update. Every {@code renewIntervalMs} each node renews the leases it
 * holds with a compare-and-set ({@code replace(site, old, new)}), and tries {@code putIfAbsent} on the free leases
 * of the sites whose preferred node it is (rendezvous hashing of site and member ids, so sites spread evenly and
 * move as little as possible when members come and go), or of any site free for three rounds. A node that owns a
 * site another member now prefers hands it over: it stops the engine, writes the final state and releases the
 * lease, which the preferred node then takes. The lease of a member Hazelcast removed (killed, or silent for
 * {@code maxNoHeartbeatSeconds}) is free at once, not only when it expires, so a site is dark for about the time
 * Hazelcast takes to remove its owner. A node that cannot renew (the lease was taken, or its side of a split
 * cluster lacks the quorum, so Hazelcast refuses) stops the engine at once; so does a node whose lease lapsed by its
 * own clock, or whose whole process was frozen long enough to be removed ({@link PauseDetector}), before it calls
 * Hazelcast again.
 *
 * Only members that announced themselves in {@link HazelcastSetup#READY} are preferred.
 *
 * <p>Fencing: a node that takes a site's lease then raises the site's epoch in {@link HazelcastSetup#EPOCHS} to the
 * greater of the stored epoch + 1 and its wall clock in ms (so epochs grow within the cluster's life by the map, and
 * across a restart of the whole cluster, which loses the map, by the clock) and stamps every row of the site its
 * writers take from then on with it ({@link SiteEpochs}). PostgreSQL refuses a row of an older epoch than the one
 * stored, so the rows a paused owner hands over when it thaws cannot overwrite the new owner's. The epoch is raised
 * while the lease is held, so the epochs follow the order of the owners.
 *
 * <p>Every lease call runs on a worker pool of its own ({@value #WORKER_POOL}), in order, one at a time: on the
 * shared pool, a burst of other blocking work (the password checks of a reconnect storm) would hold renewals
 * back until the leases lapsed.
 *
 * <p>Owning a site means running an {@link EngineVerticle} for it alone, consuming {@link Addresses#engineSite}
 * cluster-wide, with a {@link SiteReplica} that restores the replicated state and replicates it again. Reports the
 * {@code cluster} component of {@link NodeHealth}; each site engine reports as {@code engine:<site>}.
 */
public final class SiteOwnership extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SiteOwnership.class);
  private static final String HEALTH = "cluster";
  private static final int FREE_ROUNDS_BEFORE_ANYONE_TAKES = 3;
  static final String WORKER_POOL = "footfall-cluster-leases";

  private final List<Site> sites;
  private final ClusterConfig cluster;
  private final EngineConfig engine;
  private final NodeHealth health;
  // read by status and tests off the event loop
  private final MetricsSettings metrics;
  private final AlertsConfig alerts;
  private final SiteEpochs epochs;
  private final Map<String, Owned> owned = new ConcurrentHashMap<>();
  private final Map<String, Integer> freeRounds = new HashMap<>();
  private final AtomicLong renewals = new AtomicLong();
  private WorkerExecutor leaseWorkers;
  private HazelcastInstance hazelcast;
  private IMap<String, String> leases;
  private IMap<String, byte[]> states;
  private IMap<String, Long> ready;
  private IMap<String, Long> epochMap;
  /** The Hazelcast member id; read by status off the event loop, changed after a merge. */
  private volatile String me;
  private long timer = -1;
  private PauseDetector pauses;
  private boolean busy;

  /** @param epochs where the epoch of each site taken is set, for this node's writers */
  public SiteOwnership(List<Site> sites, ClusterConfig cluster, EngineConfig engine, MetricsSettings metrics,
                       AlertsConfig alerts, NodeHealth health, SiteEpochs epochs) {
    this.epochs = epochs;
    this.sites = List.copyOf(sites);
    this.cluster = cluster;
    this.engine = engine;
    this.metrics = metrics;
    this.alerts = alerts;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    hazelcast = HazelcastSetup.hazelcast(vertx);
    leases = hazelcast.getMap(HazelcastSetup.LEASES);
    states = hazelcast.getMap(HazelcastSetup.STATE);
    ready = hazelcast.getMap(HazelcastSetup.READY);
    epochMap = hazelcast.getMap(HazelcastSetup.EPOCHS);
    me = hazelcast.getCluster().getLocalMember().getUuid().toString();
    health.report(HEALTH, NodeHealth.State.STARTING, "joining");
    leaseWorkers = vertx.createSharedWorkerExecutor(WORKER_POOL, 1);
    if (cluster.leaseMs() <= cluster.maxNoHeartbeatSeconds() * 1000L + cluster.renewIntervalMs()) {
      // a lease stored on a member that stops answering is out of reach until that member is removed; if it expires
      // before, the live node holding it loses the site too (docs/deploy.md, paused node)
      LOG.warn("lease shorter than member removal plus a renewal, a paused member will interrupt other nodes' sites "
          + "[leaseMs: {}, maxNoHeartbeatSeconds: {}, renewIntervalMs: {}]", cluster.leaseMs(),
          cluster.maxNoHeartbeatSeconds(), cluster.renewIntervalMs());
    }
    return leaseWorkers.executeBlocking(() -> ready.put(me, System.currentTimeMillis()))
        .onSuccess(v -> {
          timer = vertx.setPeriodic(cluster.renewIntervalMs(), id -> reconcile());
          pauses = PauseDetector.start(removalMs(), pausedMs -> context.runOnContext(ignored -> paused(pausedMs)));
          reconcile();
          LOG.info("cluster ownership started [node: {}, members: {}]", me, hazelcast.getCluster().getMembers().size());
        });
  }

  /** The engines (child deployments) are already stopped here: hand their final state over and free the leases. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    if (pauses != null) {
      pauses.stop();
    }
    Map<String, Owned> leaving = new LinkedHashMap<>(owned);
    owned.clear();
    return leaseWorkers.executeBlocking(() -> {
      ready.remove(me);
      leaving.forEach((site, o) -> handOverState(site, o));
      return leaving.size();
    }).onSuccess(n -> LOG.info("cluster ownership stopped [sites handed over: {}]", n));
  }

  /** This node's member id (the Hazelcast member UUID, also the Vert.x node id). */
  public String nodeId() {
    return me;
  }

  /** Sites whose engine runs on this node now. */
  public List<String> ownedSites() {
    return List.copyOf(owned.keySet());
  }

  /** Whether the site's engine runs on this node now. */
  public boolean runs(String site) {
    return owned.containsKey(site);
  }

  /** Members, site owners and map sizes, for {@code GET /api/cluster}; reads Hazelcast off the event loop. */
  public Future<JsonObject> status() {
    return vertx.executeBlocking(this::readStatus);
  }

  private void reconcile() {
    String member = hazelcast.getCluster().getLocalMember().getUuid().toString();
    if (!member.equals(me)) {
      rejoined(member);
    }
    stopLapsed();
    if (busy) {
      return;
    }
    busy = true;
    int members = hazelcast.getCluster().getMembers().size();
    Set<String> alive = new HashSet<>();
    hazelcast.getCluster().getMembers().forEach(m -> alive.add(m.getUuid().toString()));
    Map<String, String> held = new HashMap<>();
    owned.forEach((site, o) -> held.put(site, o.lease));
    Map<String, Integer> rounds = new HashMap<>(freeRounds);
    leaseWorkers.executeBlocking(() -> plan(readyMembers(), alive, held, rounds))
        .compose(this::apply)
        .onComplete(ar -> {
          busy = false;
          if (ar.failed()) {
            LOG.warn("ownership round failed [reason: {}]", ar.cause().toString());
          }
          reportHealth(members);
        });
  }

  /**
   * Blocking: renews held leases and takes free ones, deciding what the event loop then starts and stops. A lease
   * whose holder is no member any more (Hazelcast removed it: its connections closed, or no heartbeat for
   * {@code maxNoHeartbeatSeconds}) counts as free at once rather than when it expires: the removed member can write
   * neither leases nor state (it is a minority without quorum), it stops its engines as soon as it notices
   * ({@link #stopLapsed}), and its rows carry an older epoch.
   */
  private Plan plan(List<String> members, Set<String> alive, Map<String, String> held, Map<String, Integer> rounds) {
    Plan plan = new Plan();
    for (Site site : sites) {
      String id = site.id();
      String preferred = Rendezvous.owner(id, members);
      String lease = held.get(id);
      String current;
      try {
        if (lease != null && !me.equals(preferred) && preferred != null) {
          plan.handOver.add(id);
        } else if (lease != null) {
          String next = me + "/" + renewals.incrementAndGet();
          long issuedAt = System.currentTimeMillis();
          if (leases.replace(id, lease, next)) {
            plan.renewed.put(id, next);
            plan.issuedAt.put(id, issuedAt);
          } else {
            plan.lost.add(id);
          }
        } else if (free(current = leases.get(id), alive)) {
          int free = rounds.merge(id, 1, Integer::sum);
          String next = me + "/" + renewals.incrementAndGet();
          long issuedAt = System.currentTimeMillis();
          if ((me.equals(preferred) || free >= FREE_ROUNDS_BEFORE_ANYONE_TAKES)
              && (current == null ? leases.putIfAbsent(id, next) == null : leases.replace(id, current, next))) {
            if (current != null) {
              LOG.info("taking a site over from a removed member [site: {}, was: {}]", id, holder(current));
            }
            try {
              plan.taken.add(new Taken(site, next, issuedAt, raiseEpoch(id), states.get(id)));
            } catch (RuntimeException e) {
              leases.remove(id, next);
              throw e;
            }
          }
        } else {
          rounds.remove(id);
        }
      } catch (RuntimeException e) {
        LOG.debug("lease operation refused [site: {}, reason: {}]", id, e.toString());
        if (lease != null) {
          plan.lost.add(id);
        }
      }
    }
    plan.freeRounds = rounds;
    return plan;
  }

  /** Whether a site's lease is there to take: no entry, or one held by a member that is gone. */
  private static boolean free(String lease, Set<String> alive) {
    return lease == null || !alive.contains(holder(lease));
  }

  /** The node id of a lease value {@code nodeId/n}. */
  private static String holder(String lease) {
    return lease.substring(0, lease.indexOf('/'));
  }

  /** Blocking, with the site's lease held: the site's next epoch, stored before it is used. */
  private long raiseEpoch(String site) {
    while (true) {
      Long stored = epochMap.get(site);
      long next = Math.max(stored == null ? 0 : stored + 1, System.currentTimeMillis());
      if (stored == null ? epochMap.putIfAbsent(site, next) == null : epochMap.replace(site, stored, next)) {
        return next;
      }
    }
  }

  private Future<Void> apply(Plan plan) {
    freeRounds.clear();
    freeRounds.putAll(plan.freeRounds);
    long validUntil = System.currentTimeMillis() + cluster.leaseMs() - cluster.renewIntervalMs();
    plan.renewed.forEach((site, lease) -> {
      Owned o = owned.get(site);
      if (o == null) {
        // stopped as lapsed while this round ran: free the site for its preferred node
        leaseWorkers.executeBlocking(() -> leases.remove(site, lease));
      } else {
        o.lease = lease;
        o.renewedAt = plan.issuedAt.get(site);
        o.replica.leaseValidUntil(validUntil);
      }
    });
    Future<Void> chain = Future.succeededFuture();
    for (String site : plan.lost) {
      chain = chain.compose(v -> lose(site, "lost site lease"));
    }
    for (String site : plan.handOver) {
      chain = chain.compose(v -> handOver(site));
    }
    for (Taken taken : plan.taken) {
      chain = chain.compose(v -> take(taken, validUntil));
    }
    return chain;
  }

  /**
   * A site whose lease this node did not renew within {@code leaseMs} of its last renewal by its own clock (the node
   * was paused, or a round hangs on a member that stopped answering) may already run elsewhere: the lease entry
   * expired no earlier than that, but possibly right then. Its engine stops now, before any Hazelcast call that could
   * itself hang; this is what keeps a thawed node from running a site next to its new owner.
   */
  private void stopLapsed() {
    long now = System.currentTimeMillis();
    owned.forEach((site, o) -> {
      if (now >= o.renewedAt + cluster.leaseMs()) {
        lose(site, "site lease lapsed by this node's clock");
      }
    });
  }

  /**
   * The whole process was frozen (a stop-the-world pause, a frozen VM, SIGSTOP) long enough for the other members to
   * remove this one, and they take a removed member's sites at once: its engines stop now, before any lease round.
   */
  private void paused(long pausedMs) {
    owned.keySet().forEach(site -> lose(site, "node paused for " + pausedMs + " ms, long enough to be removed from "
        + "the cluster"));
  }

  /**
   * The shortest silence after which the other members may have removed this one: its last heartbeat can be up to
   * a heartbeat interval older than the moment it froze.
   */
  private long removalMs() {
    return (cluster.maxNoHeartbeatSeconds() - cluster.heartbeatSeconds()) * 1000L;
  }

  /**
   * Hazelcast gives a member that merged back after a split brain a new member id: the sites this node ran are
   * others' now, and it announces itself ready under the new id so that it is preferred for sites again.
   */
  private void rejoined(String member) {
    String old = me;
    LOG.warn("member id changed after a merge, giving up this node's sites [was: {}, now: {}]", old, member);
    owned.keySet().forEach(site -> lose(site, "rejoined under a new member id"));
    me = member;
    leaseWorkers.executeBlocking(() -> {
      ready.remove(old);
      return ready.put(member, System.currentTimeMillis());
    }).onFailure(e -> LOG.warn("cannot announce the new member id [reason: {}]", e.toString()));
  }

  private Future<Void> lose(String site, String reason) {
    Owned o = owned.remove(site);
    if (o == null) {
      return Future.succeededFuture();
    }
    LOG.warn("{}, stopping its engine [site: {}]", reason, site);
    return undeploy(site, o);
  }

  private Future<Void> handOver(String site) {
    Owned o = owned.remove(site);
    if (o == null) {
      return Future.succeededFuture();
    }
    return undeploy(site, o)
        .compose(v -> leaseWorkers.executeBlocking(() -> {
          handOverState(site, o);
          return null;
        }))
        .onSuccess(v -> LOG.info("handed site over [site: {}]", site))
        .mapEmpty();
  }

  private void handOverState(String site, Owned o) {
    states.set(site, o.replica.finalSnapshot());
    leases.remove(site, o.lease);
  }

  private Future<Void> take(Taken taken, long validUntil) {
    String id = taken.site.id();
    epochs.set(id, taken.epoch);
    SiteReplica replica = new SiteReplica(states, cluster.snapshotIntervalMs(), taken.state);
    replica.leaseValidUntil(validUntil);
    EngineOptions options = new EngineOptions(Addresses.engineSite(id), "engine:" + id, replica::analytics,
        replica::published, replica::alerts);
    return vertx.deployVerticle(new EngineVerticle(List.of(taken.site), engine, metrics, alerts, health, options, null))
        .onSuccess(deployment -> {
          owned.put(id, new Owned(deployment, taken.lease, taken.issuedAt, replica));
          // the engine asked too, but possibly before this node's baseline refresher listened or counted the site
          vertx.eventBus().publish(Addresses.SITES_RUNNING,
              new JsonObject().put("sites", new JsonArray().add(id)));
          if (!replica.rowsToResend().isEmpty()) {
            vertx.eventBus().send(Addresses.STORE_ROLLUPS, new ZoneMinutes(id, replica.rowsToResend()));
          }
          LOG.info("running site [site: {}, epoch: {}, from: {}, devices: {}]", id, taken.epoch,
              taken.state == null ? "scratch" : "replicated state", replica.devices());
        })
        .recover(e -> {
          LOG.warn("cannot start site engine [site: {}, reason: {}]", id, e.getMessage());
          return leaseWorkers.executeBlocking(() -> leases.remove(id, taken.lease)).mapEmpty();
        })
        .mapEmpty();
  }

  private Future<Void> undeploy(String site, Owned o) {
    return vertx.undeploy(o.deployment)
        .recover(e -> Future.succeededFuture())
        .onComplete(v -> health.forget("engine:" + site));
  }

  /**
   * Blocking: the members whose ownership verticle runs, so that a site is never handed to a node still starting.
   * A dead node's entry stays in the map but it is no member any more.
   */
  private List<String> readyMembers() {
    List<String> ids = new ArrayList<>();
    for (Member m : hazelcast.getCluster().getMembers()) {
      String id = m.getUuid().toString();
      if (id.equals(me) || ready.containsKey(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  private void reportHealth(int members) {
    String detail = members + (members == 1 ? " member" : " members") + ", quorum " + cluster.quorum()
        + ", running " + owned.size() + " of " + sites.size() + " sites";
    health.report(HEALTH, members >= cluster.quorum() ? NodeHealth.State.UP : NodeHealth.State.DEGRADED,
        members >= cluster.quorum() ? detail : "no quorum, running no site: " + detail);
  }

  private JsonObject readStatus() {
    JsonArray members = new JsonArray();
    for (Member m : hazelcast.getCluster().getMembers()) {
      members.add(new JsonObject()
          .put("id", m.getUuid().toString())
          .put("address", m.getAddress().getHost() + ":" + m.getAddress().getPort())
          .put("local", m.localMember()));
    }
    JsonArray siteOwners = new JsonArray();
    JsonObject maps = new JsonObject();
    try {
      for (Site site : sites) {
        String lease = leases.get(site.id());
        String owner = lease == null ? null : holder(lease);
        var state = states.getEntryView(site.id());
        siteOwners.add(new JsonObject()
            .put("site", site.id())
            .put("owner", owner)
            .put("local", me.equals(owner))
            .put("stateBytes", state == null ? 0 : state.getValue().length));
      }
      maps.put(HazelcastSetup.LEASES, new JsonObject().put("entries", leases.size()))
          .put(HazelcastSetup.STATE, new JsonObject().put("entries", states.size())
              .put("localBytes", states.getLocalMapStats().getOwnedEntryMemoryCost()));
    } catch (RuntimeException e) {
      maps.put("error", e.getMessage());
    }
    return new JsonObject()
        .put("node", me)
        .put("quorum", cluster.quorum())
        .put("members", members)
        .put("sites", siteOwners)
        .put("maps", maps);
  }

  /** What one ownership round decided. */
  private static final class Plan {
    final List<String> lost = new ArrayList<>();
    final List<String> handOver = new ArrayList<>();
    final Map<String, String> renewed = new HashMap<>();
    /** When each renewal was sent: the lease entry expires no earlier than leaseMs after. */
    final Map<String, Long> issuedAt = new HashMap<>();
    final List<Taken> taken = new ArrayList<>();
    Map<String, Integer> freeRounds = Map.of();
  }

  private record Taken(Site site, String lease, long issuedAt, long epoch, byte[] state) {
  }

  /** A site run here: its engine deployment, the lease value this node last wrote and when, and its replica. */
  private static final class Owned {
    final String deployment;
    final SiteReplica replica;
    String lease;
    /** When the lease was last taken or renewed (the request sent), by this node's clock. */
    long renewedAt;

    Owned(String deployment, String lease, long renewedAt, SiteReplica replica) {
      this.deployment = deployment;
      this.lease = lease;
      this.renewedAt = renewedAt;
      this.replica = replica;
    }
  }
}
