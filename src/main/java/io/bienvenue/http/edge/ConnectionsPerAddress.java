package io.bienvenue.http.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eclipse.jetty.io.Connection;

/**
 * Closes a new connection at once when its client address already holds the most it may: one
 * address cannot take every worker with slow requests, nor every file descriptor with idle
 * connections (nginx's {@code limit_conn}). Addresses the predicate exempts, the trusted proxies,
 * are not limited: every client behind them shares their address. Thread-safe.
 */
public final class ConnectionsPerAddress implements Connection.Listener {

  private final int max;
  private final Predicate<InetAddress> exempt;
  private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

  /** Each counted connection's address: a closed socket no longer tells it. */
  private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();

  /**
   * A limit of {@code max} open connections an address.
   *
   * @throws IllegalArgumentException if {@code max} is not positive
   */
  public ConnectionsPerAddress(int max, Predicate<InetAddress> exempt) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive, not " + max);
    }
    this.max = max;
    this.exempt = exempt;
  }

  @Override
  public void onOpened(Connection connection) {
    InetAddress address = address(connection);
    if (address == null || exempt.test(address)) {
      return;
    }
    counted.put(connection, address);
    if (open.merge(address, 1, Integer::sum) > max) {
      // Counted all the same: onClosed, which follows, gives the place back.
      connection.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    InetAddress address = counted.remove(connection);
    if (address == null) {
      return;
    }
    open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
  }

  private static InetAddress address(Connection connection) {
    SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
