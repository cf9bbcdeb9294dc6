package io.bienvenue.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The address of the client behind a request, for throttling and logs. {@code X-Forwarded-For} is
 * believed only when the connection comes from a configured trusted proxy, and then read from the
 * right: the nearest address that is not itself a trusted proxy is the client. Anyone else's {@code
 * X-Forwarded-For} is ignored, so a client cannot choose its own address. Immutable.
 */
final class ClientAddress {

  private static final Pattern IP_LITERAL =
      Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private final InetAddressSet trustedProxies = new InetAddressSet();

  /**
   * Trusts the proxies {@code patterns} name: addresses, CIDR blocks ({@code 10.0.0.0/8}) or
   * ranges.
   *
   * @throws IllegalArgumentException naming a pattern that is none of these
   */
  ClientAddress(List<String> patterns) {
    for (String pattern : patterns) {
      try {
        trustedProxies.add(pattern.trim());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "--trusted-proxy: '" + pattern + "' is not an address or CIDR block", e);
      }
    }
  }

  /** Returns the client's address for {@code ctx}. */
  String of(Context ctx) {
    String peer = ctx.req().getRemoteAddr();
    if (!isTrusted(peer)) {
      return peer;
    }
    List<String> forwarded =
        ctx.req().getHeaders("X-Forwarded-For") == null
            ? List.of()
            : java.util.Collections.list(ctx.req().getHeaders("X-Forwarded-For")).stream()
                .flatMap(h -> java.util.Arrays.stream(h.split(",")))
                .map(String::trim)
                .toList();
    String client = peer;
    for (int i = forwarded.size() - 1; i >= 0; i--) {
      Optional<String> hop = literal(forwarded.get(i));
      if (hop.isEmpty()) {
        break;
      }
      client = hop.get();
      if (!isTrusted(client)) {
        break;
      }
    }
    return client;
  }

  /** Tells whether {@code address} is a trusted proxy's. */
  boolean isTrustedProxy(InetAddress address) {
    return !trustedProxies.isEmpty() && trustedProxies.test(address);
  }

  private boolean isTrusted(String address) {
    return !trustedProxies.isEmpty() && parse(address).map(trustedProxies::test).orElse(false);
  }

  private static Optional<String> literal(String text) {
    String bare =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    return parse(bare).map(InetAddress::getHostAddress);
  }

  /** Parses an IP literal, never looking a name up. */
  private static Optional<InetAddress> parse(String text) {
    if (text == null || !IP_LITERAL.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
