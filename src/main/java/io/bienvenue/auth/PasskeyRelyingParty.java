package io.bienvenue.auth;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Who the passkeys are for: the WebAuthn relying party id, the host of {@code --public-url}, and
 * the one origin whose answers are accepted (SPEC §6: from the public URL, never from a request's
 * {@code Host}).
 *
 * @param rpId the relying party id: a host name, never an IP address
 * @param origin the exact origin browsers report, {@code scheme://host[:port]}
 */
public record PasskeyRelyingParty(String rpId, String origin) {

  /** Checks that neither is null or empty. */
  public PasskeyRelyingParty {
    Objects.requireNonNull(rpId, "rpId");
    Objects.requireNonNull(origin, "origin");
    if (rpId.isEmpty() || origin.isEmpty()) {
      throw new IllegalArgumentException("a relying party needs an id and an origin");
    }
  }

  /** The relying party of a service whose public address is {@code publicUrl}. */
  public static PasskeyRelyingParty of(URI publicUrl) {
    String host = publicUrl.getHost().toLowerCase(Locale.ROOT);
    String scheme = publicUrl.getScheme().toLowerCase(Locale.ROOT);
    int port = publicUrl.getPort();
    boolean defaultPort =
        port == -1
            || ("https".equals(scheme) && port == 443)
            || ("http".equals(scheme) && port == 80);
    return new PasskeyRelyingParty(host, scheme + "://" + host + (defaultPort ? "" : ":" + port));
  }

  /**
   * The relying party in development: {@code localhost}, the one loopback name browsers treat as a
   * secure context over plain http (an IP address is no valid relying party id), on {@code port}.
   */
  public static PasskeyRelyingParty development(int port) {
    return of(URI.create("http://localhost:" + port));
  }
}
