package io.footfall.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.hazelcast.config.Config;
import io.footfall.app.FootfallConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployment files parse and say what docs/deploy.md says. No Docker engine, kubeconform or Kubernetes API is
 * available here, so parsing (and footfall's and Hazelcast's own config loaders) is the bar.
 */
class DeployFilesTest {

  private static final Path DEPLOY = Path.of(System.getProperty("user.dir")).resolve("deploy");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void composeRunsThreeClusterNodesAndPostgres() throws IOException {
    JsonNode compose = YAML.readTree(DEPLOY.resolve("docker-compose.yml").toFile());

    assertThat(compose.get("services").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("postgres", "node1", "node2", "node3");
    FootfallConfig node = FootfallConfig.load(DEPLOY.resolve("compose/footfall.yaml"),
        Map.of("FOOTFALL_CLUSTER_HOST", "node1"), Map.of());
    assertThat(node.cluster().enabled()).isTrue();
    assertThat(node.cluster().members()).containsExactly("node1", "node2", "node3");
    assertThat(node.cluster().host()).isEqualTo("node1");
  }

  @Test
  void kubernetesManifestsHoldTheStatefulSetServicesAndDiscoveryRbac() throws IOException {
    List<String> kinds = new ArrayList<>();
    try (var files = Files.list(DEPLOY.resolve("k8s"))) {
      for (Path file : files.sorted().toList()) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
          docs.forEachRemaining(doc -> kinds.add(doc.get("kind").asText()));
        }
      }
    }

    assertThat(kinds).contains("StatefulSet", "Service", "ServiceAccount", "Role", "RoleBinding", "ConfigMap",
        "PodDisruptionBudget", "Kustomization");
  }

  @Test
  void kubernetesConfigMapEnablesKubernetesDiscovery() throws IOException {
    JsonNode map = YAML.readTree(DEPLOY.resolve("k8s/configmap.yaml").toFile());
    Path config = Files.createTempFile("footfall", ".yaml");
    try {
      Files.writeString(config, map.get("data").get("footfall.yaml").asText());
      ClusterConfig cluster = FootfallConfig.load(config, Map.of(), Map.of()).cluster();

      Config hazelcast = HazelcastSetup.hazelcastConfig(cluster);
      assertThat(hazelcast.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled()).isTrue();
      assertThat(hazelcast.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
    } finally {
      Files.delete(config);
    }
  }

  @Test
  void hazelcastConfigurationBacksUpTheSiteMapsBehindSplitBrainProtection() {
    ClusterConfig cluster = FootfallConfig.load(DEPLOY.resolve("footfall-cluster.example.yaml"), Map.of(), Map.of())
        .cluster();

    Config hazelcast = HazelcastSetup.hazelcastConfig(cluster);

    assertThat(hazelcast.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(hazelcast.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("10.0.0.11", "10.0.0.12", "10.0.0.13");
    assertThat(hazelcast.getMapConfig(HazelcastSetup.STATE).getBackupCount()).isEqualTo(1);
    assertThat(hazelcast.getMapConfig(HazelcastSetup.STATE).getSplitBrainProtectionName()).isNotNull();
    assertThat(hazelcast.getMapConfig(HazelcastSetup.LEASES).getTimeToLiveSeconds())
        .isEqualTo((int) ((cluster.leaseMs() + 999) / 1000));
    assertThat(hazelcast.getSplitBrainProtectionConfig(hazelcast.getMapConfig(HazelcastSetup.LEASES)
        .getSplitBrainProtectionName()).getMinimumClusterSize()).isEqualTo(2);
    assertThat(hazelcast.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
  }

  @Test
  void systemdUnitServesFromTheConfigFile() throws IOException {
    String unit = Files.readString(DEPLOY.resolve("systemd/footfall.service"));

    assertThat(unit).contains("[Service]", "serve --config /etc/footfall/footfall.yaml", "KillSignal=SIGTERM");
  }
}
