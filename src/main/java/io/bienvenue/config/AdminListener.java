package io.bienvenue.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where the admin listener (metrics and health) listens: never the public port.
 *
 * @param host the address, loopback by default
 * @param port the port; 0 picks a free one
 */
public record AdminListener(String host, int port) {

  /** The default: 127.0.0.1:5001. */
  public static final AdminListener DEFAULTS = new AdminListener("127.0.0.1", 5001);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming the flag of a value out of range
   */
  public AdminListener {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("--admin-host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--admin-port must be from 0 to 65535, not " + port);
    }
  }

  /**
   * Tells whether the listener is bound to a loopback address only (so only this machine reaches
   * its unauthenticated {@code /metrics} and health checks); a name that does not resolve is not.
   */
  public boolean isLoopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
