package io.bienvenue.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to send mail: the SMTP server, its credentials, the sender and the time limits.
 * {@link #toString()} masks the password, so the settings can be logged. Instances are immutable.
 *
 * @param host the SMTP server's host name or address
 * @param port its port, 1 to 65535
 * @param username the login, if the server wants one
 * @param password the password, present exactly when {@code username} is
 * @param from the sender, an address or {@code Name <address>}
 * @param tlsMode how the connection is protected
 * @param connectTimeout how long to wait for the connection to open
 * @param readTimeout how long to wait for each reply of the server, and for each write to it
 */
public record SmtpSettings(
    String host,
    int port,
    Optional<String> username,
    Optional<String> password,
    String from,
    TlsMode tlsMode,
    Duration connectTimeout,
    Duration readTimeout) {

  /**
   * Checks every setting.
   *
   * @throws IllegalArgumentException if the host is blank, the port out of range, only one of
   *     username and password is given, the sender is not an address, or a timeout is not positive
   */
  public SmtpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(tlsMode, "tlsMode");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (host.isBlank()) {
      throw new IllegalArgumentException("the SMTP host is blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("the SMTP port must be 1 to 65535, not " + port);
    }
    if (username.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException("give both an SMTP username and password, or neither");
    }
    if (username.isPresent() && tlsMode == TlsMode.NONE && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "refusing to send the SMTP password in clear to "
              + host
              + ": use --smtp-tls starttls or smtps, or a relay on this machine");
    }
    sender(from);
    requireTimeout(connectTimeout, "connect");
    requireTimeout(readTimeout, "read");
  }

  /** The server as {@code host:port}, for messages. */
  public String address() {
    return host + ":" + port;
  }

  /** Returns every setting, the password masked. */
  @Override
  public String toString() {
    return "SmtpSettings[host="
        + host
        + ", port="
        + port
        + ", username="
        + username.orElse("(none)")
        + ", password="
        + (password.isPresent() ? "***" : "(none)")
        + ", from="
        + from
        + ", tlsMode="
        + tlsMode
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + "]";
  }

  /** The sender, parsed. */
  InternetAddress sender() {
    return sender(from);
  }

  private static InternetAddress sender(String from) {
    try {
      return new InternetAddress(from, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("the sender address " + from + " is not valid", e);
    }
  }

  private static void requireTimeout(Duration timeout, String name) {
    if (timeout.isNegative()
        || timeout.isZero()
        || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          "the SMTP " + name + " timeout must be positive and under 24 days");
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
