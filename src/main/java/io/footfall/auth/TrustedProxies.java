package io.footfall.auth;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reverse proxies ({@code http.trustedProxies}: addresses or CIDR ranges) whose {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto} headers are believed. Without them every client behind a proxy would share the proxy's
 * address, and one client's failed logins would slow everyone's. From anyone else the headers are ignored: a client
 * cannot choose the address its failures count against, nor claim HTTPS. Immutable.
 */
public final class TrustedProxies {

  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Range> ranges;

  private record Range(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      return rest == 0 || ((address[whole] ^ network[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
    }
  }

  /**
   * @param entries IP addresses ({@code 10.0.0.5}, {@code ::1}) or CIDR ranges ({@code 10.0.0.0/8})
   * @throws IllegalArgumentException naming {@code http.trustedProxies} and the entry that is neither
   */
  public TrustedProxies(List<String> entries) {
    List<Range> parsed = new ArrayList<>();
    for (String entry : entries) {
      String text = entry.strip();
      int slash = text.indexOf('/');
      // only literals: a host name would need a DNS lookup, and the lookup's answer could change under us
      byte[] network = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? text : text.substring(0, slash));
      int prefix = network == null ? -1 : network.length * 8;
      if (network != null && slash >= 0) {
        try {
          prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
      }
      if (network == null || prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException("http.trustedProxies: '" + entry
            + "' is not an IP address or CIDR range such as 10.0.0.0/8");
      }
      parsed.add(new Range(network, prefix));
    }
    this.ranges = List.copyOf(parsed);
  }

  public boolean trusts(String address) {
    byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
    return bytes != null && ranges.stream().anyMatch(r -> r.contains(bytes));
  }

  /**
   * The client's address: the peer's, unless the peer is a trusted proxy; then the nearest address in
   * {@code X-Forwarded-For} (read from the right, the end each proxy appends to) that is not a trusted proxy. An
   * entry that is not an IP address ends the walk at the proxy that passed it on.
   */
  public String clientAddress(HttpServerRequest request) {
    String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
    if (!trusts(peer)) {
      return peer;
    }
    String client = peer;
    List<String> hops = new ArrayList<>();
    request.headers().getAll("X-Forwarded-For").forEach(header -> {
      for (String hop : header.split(",")) {
        hops.add(hop.strip());
      }
    });
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (NetUtil.createByteArrayFromIpAddressString(hop) == null) {
        return client;
      }
      client = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return client;
  }

  /** Whether the browser's connection is HTTPS: TLS to this server, or a trusted proxy says it took HTTPS. */
  public boolean secure(HttpServerRequest request) {
    if (request.isSSL()) {
      return true;
    }
    String peer = request.remoteAddress() == null ? null : request.remoteAddress().host();
    String proto = request.getHeader("X-Forwarded-Proto");
    if (proto == null || !trusts(peer)) {
      return false;
    }
    // a proxy chain appends; the last value is what the proxy next to this server saw
    String[] values = proto.split(",");
    return values[values.length - 1].strip().toLowerCase(Locale.ROOT).equals("https");
  }
}
