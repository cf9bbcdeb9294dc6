package io.bienvenue.http.edge;

import io.javalin.http.Context;
import java.util.Objects;

/**
 * Refuses a request addressed to a host that is not this service's, as a page whose name an
 * attacker rebinds to this machine's address sends (DNS rebinding): see {@link
 * AllowedHosts#admits}. Thread-safe.
 */
public final class HostGuard {

  private final AllowedHosts allowed;

  /** A guard that answers the names {@code allowed} admits. */
  public HostGuard(AllowedHosts allowed) {
    this.allowed = Objects.requireNonNull(allowed, "allowed");
  }

  /**
   * Throws when {@code ctx} names a host that is not allowed.
   *
   * @throws BadRequestException with status 421 (Misdirected Request)
   */
  public void check(Context ctx) {
    if (!allowed.admits(ctx.req())) {
      throw new BadRequestException(421, AllowedHosts.REFUSAL);
    }
  }
}
