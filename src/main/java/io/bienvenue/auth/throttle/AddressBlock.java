package io.bienvenue.auth.throttle;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The unit a client address is throttled as. One IPv4 address is one client; an IPv6 host usually
 * owns a whole /64 (SLAAC, privacy addresses, RFC 7421), so an IPv6 address counts as its /64, and
 * an attacker cannot step through fresh addresses of the same network to escape a limit. An
 * IPv4-mapped IPv6 address counts as its IPv4 address. Text that is not an IP literal (an unknown
 * peer, an empty string) is its own key. Never looks a name up. Stateless and thread-safe.
 */
final class AddressBlock {

  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private AddressBlock() {}

  /**
   * Returns the throttling key of {@code address}: an IPv4 address, an IPv6 {@code …/64}, or it.
   */
  static String of(String address) {
    Objects.requireNonNull(address, "address");
    String bare =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    if (!IPV6_LITERAL.matcher(bare).matches()) {
      return address;
    }
    InetAddress parsed;
    try {
      parsed = InetAddress.getByName(bare); // a literal with ':' is parsed, never resolved
    } catch (UnknownHostException e) {
      return address;
    }
    if (parsed instanceof Inet4Address) {
      return parsed.getHostAddress();
    }
    if (!(parsed instanceof Inet6Address)) {
      return address;
    }
    byte[] bytes = parsed.getAddress();
    Arrays.fill(bytes, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
    } catch (UnknownHostException e) {
      throw new IllegalStateException("sixteen bytes are always an IPv6 address", e);
    }
  }
}
