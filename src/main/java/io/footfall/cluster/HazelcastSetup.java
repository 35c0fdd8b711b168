package io.footfall.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.config.YamlConfigBuilder;
import com.hazelcast.core.HazelcastInstance;
import io.footfall.fault.InvalidConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the Hazelcast configuration of a node from the Hazelcast YAML file and the {@code cluster} section, and
 * starts a clustered Vert.x on it (vertx-hazelcast as the cluster manager).
 */
public final class HazelcastSetup {

  /** Site ownership leases: site id to {@code nodeId/renewal}. */
  public static final String LEASES = "footfall.site-leases";
  /** Replicated engine state: site id to a {@link SiteReplica} snapshot. */
  public static final String STATE = "footfall.site-state";
  /**
   * Fencing epochs: site id to the epoch of its latest ownership, which only grows (see {@link SiteOwnership}). No
   * time-to-live: an epoch must outlive the leases.
   */
  public static final String EPOCHS = "footfall.site-epochs";
  /** Nodes whose site ownership runs: node id to the time it started. */
  public static final String READY = "footfall.ready-nodes";
  static final String QUORUM = "footfall-quorum";
  private static final String BUNDLED = "hazelcast/hazelcast.yaml";

  private HazelcastSetup() {
  }

  /** Starts a clustered Vert.x that has joined (or formed) the cluster. */
  public static Future<Vertx> startVertx(ClusterConfig cluster) {
    Config config = hazelcastConfig(cluster);
    EventBusOptions eventBus = new EventBusOptions().setPort(cluster.eventBusPort());
    if (!cluster.host().isEmpty()) {
      eventBus.setHost(cluster.host());
    }
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(eventBus))
        .withClusterManager(new HazelcastClusterManager(config))
        .buildClustered();
  }

  /** The Hazelcast member of a clustered Vert.x started by {@link #startVertx}. */
  public static HazelcastInstance hazelcast(Vertx vertx) {
    return ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager()).getHazelcastInstance();
  }

  /** The YAML file's configuration with the {@code cluster} section applied on top. */
  public static Config hazelcastConfig(ClusterConfig cluster) {
    Config config = load(cluster.hazelcastConfig());
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(cluster.heartbeatSeconds()));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(cluster.maxNoHeartbeatSeconds()));
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    if (!cluster.host().isEmpty()) {
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(cluster.host()));
      config.setProperty("hazelcast.local.localAddress", cluster.host());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (cluster.kubernetes()) {
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true).setProperty("service-name", cluster.kubernetesService());
      if (!cluster.kubernetesNamespace().isEmpty()) {
        join.getKubernetesConfig().setProperty("namespace", cluster.kubernetesNamespace());
      }
    } else {
      join.getKubernetesConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    }
    config.getSplitBrainProtectionConfigs().put(QUORUM, new SplitBrainProtectionConfig(QUORUM, cluster.quorum() > 1,
        cluster.quorum()));
    int leaseSeconds = (int) Math.max(1, (cluster.leaseMs() + 999) / 1000);
    protectedMap(config, LEASES, cluster).setTimeToLiveSeconds(leaseSeconds);
    protectedMap(config, STATE, cluster);
    protectedMap(config, EPOCHS, cluster);
    return config;
  }

  private static MapConfig protectedMap(Config config, String name, ClusterConfig cluster) {
    MapConfig map = config.getMapConfig(name);
    map.setBackupCount(cluster.backupCount()).setAsyncBackupCount(0).setPerEntryStatsEnabled(true);
    map.setSplitBrainProtectionName(QUORUM);
    return map;
  }

  private static Config load(String file) {
    try (InputStream in = file.isEmpty()
        ? HazelcastSetup.class.getClassLoader().getResourceAsStream(BUNDLED)
        : Files.newInputStream(Path.of(file))) {
      if (in == null) {
        throw new InvalidConfigException("bundled " + BUNDLED + " missing");
      }
      return new YamlConfigBuilder(in).build();
    } catch (IOException e) {
      throw new InvalidConfigException("cluster.hazelcastConfig: " + e.getMessage());
    }
  }
}
