package io.footfall.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.bus.Addresses;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressesTest {

  @Test
  void everyAddressDeclaresHowFarItsMessagesTravel() throws Exception {
    List<String> addresses = new ArrayList<>();
    for (Field field : Addresses.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        addresses.add((String) field.get(null));
      }
    }
    addresses.add(Addresses.liveSite("a"));
    addresses.add(Addresses.engineSite("a"));
    addresses.add(Addresses.engineFlows("a"));

    assertThat(addresses).hasSizeGreaterThan(10).allSatisfy(address -> assertThat(Addresses.scope(address)).isNotNull());
  }

  @Test
  void theRowsOfTheWritersStayOnTheNodeThatSentThemAndTheSitesBatchesCrossNodes() {
    assertThat(List.of(Addresses.STORE_ROLLUPS, Addresses.STORE_METRICS, Addresses.STORE_ESTIMATES,
        Addresses.STORE_REPEATS, Addresses.ENGINE_SIGHTINGS)).allSatisfy(address ->
        assertThat(Addresses.scope(address)).isEqualTo(Addresses.Scope.NODE));
    assertThat(Addresses.scope(Addresses.engineSite("mall"))).isEqualTo(Addresses.Scope.CLUSTER);
  }

  @Test
  void anAddressWithoutADeclaredScopeIsRefused() {
    assertThatThrownBy(() -> Addresses.scope("store.somethingnew")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("store.somethingnew");
  }
}
