package io.bienvenue.http.edge;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.HostPort;

/**
 * The host names a request may be addressed to, Django's {@code ALLOWED_HOSTS} (CVE-2016-9014): a
 * page whose name an attacker rebinds to this machine's address reaches the service under the
 * attacker's name, and is refused. Names are compared without their port, case-insensitively and
 * without a trailing dot; an IPv6 address is written in brackets ({@code [::1]}). Immutable.
 */
public final class AllowedHosts {

  /** The names of this machine that development mode always accepts, on any port. */
  public static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");

  /** The message of the 421 that refuses a request for another host. */
  public static final String REFUSAL = "this service does not answer for that host";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Set<String> names;
  private final boolean ipLiterals;

  private AllowedHosts(Set<String> names, boolean ipLiterals) {
    this.names = names;
    this.ipLiterals = ipLiterals;
  }

  /**
   * The given names, each a host name or address with or without a port.
   *
   * @throws IllegalArgumentException naming a value that is not a host name or address
   */
  public static AllowedHosts of(List<String> allowed) {
    Objects.requireNonNull(allowed, "allowed");
    Set<String> names =
        allowed.stream()
            .map(
                name ->
                    hostOf(name)
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "--allowed-host: '" + name + "' is not a host name")))
            .collect(Collectors.toUnmodifiableSet());
    return new AllowedHosts(names, false);
  }

  /**
   * These names and every IP address: the admin listener's rule, where probes and scrapers name the
   * instance by its address, which no rebound name can be.
   */
  public AllowedHosts andIpLiterals() {
    return new AllowedHosts(names, true);
  }

  /**
   * Tells whether {@code request} is addressed to an allowed host: its {@code Host} header, and the
   * authority of an absolute-form target ({@code GET http://host/path}), which RFC 9112 §3.2.2 puts
   * before the header, must each be allowed. A request with neither (HTTP/1.0 without {@code Host})
   * is admitted: every browser sends {@code Host}, so such a request is no rebound page's, and old
   * health checks send none.
   */
  public boolean admits(HttpServletRequest request) {
    String host = request.getHeader("Host");
    if (host != null && !allows(host)) {
      return false;
    }
    Request core = ServletContextRequest.getServletContextRequest(request);
    HttpURI target = core.getHttpURI();
    if (!target.hasAuthority()) {
      return true;
    }
    // Without Host and with a path for target, Jetty fills in the server's own address.
    if (host == null && namesServer(target, core.getConnectionMetaData().getServerAuthority())) {
      return true;
    }
    return allows(target.getAuthority());
  }

  private static boolean namesServer(HttpURI target, HostPort server) {
    return server != null
        && bare(server.getHost()).equalsIgnoreCase(bare(target.getHost()))
        && (!server.hasPort() || server.getPort() == target.getPort());
  }

  private static String bare(String host) {
    return host == null ? "" : host.replace("[", "").replace("]", "");
  }

  /**
   * Tells whether {@code authority}, a {@code Host} header's value or a request target's authority
   * ({@code host}, {@code host:port}, {@code [v6]:port}), names an allowed host.
   */
  public boolean allows(String authority) {
    return hostOf(authority)
        .map(host -> names.contains(host) || ipLiterals && isIpLiteral(host))
        .orElse(false);
  }

  /** The host of {@code authority}, lower case, without port or trailing dot; empty if garbled. */
  private static Optional<String> hostOf(String authority) {
    String text = authority.trim().toLowerCase(Locale.ROOT);
    String host;
    String port;
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      if (end < 0) {
        return Optional.empty();
      }
      host = text.substring(0, end + 1);
      port = text.substring(end + 1);
    } else {
      int colon = text.indexOf(':');
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? "" : text.substring(colon);
    }
    if (!port.isEmpty() && !port.matches(":\\d{1,5}")) {
      return Optional.empty();
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    boolean valid =
        host.startsWith("[")
            ? host.matches("\\[[0-9a-f:.]+\\]")
            : host.matches(
                "[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    return valid ? Optional.of(host) : Optional.empty();
  }

  private static boolean isIpLiteral(String host) {
    return host.startsWith("[") || IPV4.matcher(host).matches();
  }
}
