package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionGateTest {

  @Test
  void limitsOpenConnectionsPerAddressAndFreesASlotWhenOneCloses() {
    ConnectionGate gate = new ConnectionGate(2, 100);

    assertThat(gate.attempt("10.0.0.1", 0)).isNull();
    assertThat(gate.attempt("10.0.0.1", 0)).isNull();
    assertThat(gate.attempt("10.0.0.1", 0)).isEqualTo("connections-per-ip");
    assertThat(gate.attempt("10.0.0.2", 0)).as("another address").isNull();
    gate.closed("10.0.0.1");
    assertThat(gate.attempt("10.0.0.1", 0)).isNull();
  }

  @Test
  void limitsAttemptsPerAddressPerMinute() {
    ConnectionGate gate = new ConnectionGate(100, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(gate.attempt("10.0.0.1", 1_000)).isNull();
      gate.closed("10.0.0.1");
    }

    assertThat(gate.attempt("10.0.0.1", 2_000)).isEqualTo("connect-rate");
    assertThat(gate.attempt("10.0.0.1", 61_000)).as("a new minute").isNull();
  }

  @Test
  void forgetsAddressesWithoutConnectionsOnceTheirMinuteIsOver() {
    ConnectionGate gate = new ConnectionGate(100, 3);
    gate.attempt("10.0.0.1", 0);
    gate.attempt("10.0.0.2", 0);
    gate.closed("10.0.0.2");

    gate.prune(60_000);

    assertThat(gate.addresses()).isEqualTo(1);
  }
}
