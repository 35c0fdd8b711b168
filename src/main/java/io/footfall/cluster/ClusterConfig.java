package io.footfall.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cluster} section: whether this node joins a footfall cluster, and how (see docs/deploy.md).
 *
 * @param enabled               false (the default): a single node, no Hazelcast started
 * @param name                  Hazelcast cluster name; nodes with another name never join
 * @param host                  address Hazelcast and the clustered event bus bind to and announce ("" = pick one)
 * @param port                  Hazelcast member port
 * @param eventBusPort          clustered event-bus port (0 = any free port)
 * @param members               TCP/IP member list, {@code host} or {@code host:port} each (a comma-separated
 *                              string works too, for the environment); ignored with Kubernetes discovery
 * @param kubernetes            find members through the Kubernetes API instead of the member list
 * @param kubernetesService     headless service whose endpoints are the members
 * @param kubernetesNamespace   its namespace ("" = the pod's own)
 * @param backupCount           synchronous backups of the replicated site state and leases (at least 1)
 * @param quorum                members a side of the cluster needs to run sites (split-brain protection);
 *                              for N nodes use N/2+1; 1 turns the protection off
 * @param heartbeatSeconds      Hazelcast heartbeat interval
 * @param maxNoHeartbeatSeconds a member silent this long is removed
 * @param leaseMs               a site whose owner did not renew its lease for this long is taken over
 * @param renewIntervalMs       how often each node renews its leases and looks for sites to take or hand over
 * @param snapshotIntervalMs    how often a site's engine state is replicated
 * @param forwardWaitMs         how long a batch for a site without an owner (a takeover) waits for the new one
 * @param forwardBufferBatches  batches a node keeps waiting for new owners at most
 * @param hazelcastConfig       Hazelcast YAML file ("" = the bundled deploy/hazelcast/hazelcast.yaml)
 */
public record ClusterConfig(boolean enabled, String name, String host, int port, int eventBusPort,
                            List<String> members, boolean kubernetes, String kubernetesService,
                            String kubernetesNamespace, int backupCount, int quorum, int heartbeatSeconds,
                            int maxNoHeartbeatSeconds, long leaseMs, long renewIntervalMs,
                            long snapshotIntervalMs, long forwardWaitMs, int forwardBufferBatches,
                            String hazelcastConfig) {

  public ClusterConfig {
    List<String> split = new ArrayList<>();
    for (String entry : members == null ? List.<String>of() : members) {
      for (String member : entry.split(",")) {
        if (!member.isBlank()) {
          split.add(member.trim());
        }
      }
    }
    members = List.copyOf(split);
    require(port > 0 && port < 65536, "cluster.port must be a port number");
    require(eventBusPort >= 0 && eventBusPort < 65536, "cluster.eventBusPort must be a port number or 0");
    require(backupCount >= 1 && backupCount <= 6, "cluster.backupCount must be 1-6");
    require(quorum >= 1, "cluster.quorum must be at least 1");
    require(heartbeatSeconds >= 1, "cluster.heartbeatSeconds must be at least 1");
    require(maxNoHeartbeatSeconds > heartbeatSeconds, "cluster.maxNoHeartbeatSeconds must exceed heartbeatSeconds");
    require(renewIntervalMs >= 100, "cluster.renewIntervalMs must be at least 100");
    require(leaseMs >= 2 * renewIntervalMs, "cluster.leaseMs must be at least twice renewIntervalMs");
    require(snapshotIntervalMs >= 100, "cluster.snapshotIntervalMs must be at least 100");
    // a batch must be able to wait out a lease that expires just after the owner's last renewal
    require(forwardWaitMs >= leaseMs + 2 * renewIntervalMs,
        "cluster.forwardWaitMs must be at least leaseMs + 2 x renewIntervalMs");
    require(forwardBufferBatches >= 1, "cluster.forwardBufferBatches must be at least 1");
    require(!enabled || kubernetes || !members.isEmpty(), "cluster.members must list the members (or enable kubernetes)");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
