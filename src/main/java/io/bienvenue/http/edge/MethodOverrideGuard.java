package io.bienvenue.http.edge;

import io.javalin.http.Context;

/**
 * Refuses {@code X-HTTP-Method-Override}, which Javalin would otherwise obey: a {@code POST} that
 * names {@code DELETE} in it would run the {@code DELETE} route, past any proxy rule written for
 * the method the request line claims. The header is refused rather than ignored, so a client that
 * relies on it learns at once. Stateless.
 */
public final class MethodOverrideGuard {

  /** The header Javalin's {@code Context.method()} reads before the request line's method. */
  static final String HEADER = "X-HTTP-Method-Override";

  private MethodOverrideGuard() {}

  /**
   * Throws when {@code ctx} carries the override header, whatever its value.
   *
   * @throws BadRequestException with status 400
   */
  public static void check(Context ctx) {
    if (ctx.req().getHeader(HEADER) != null) {
      throw new BadRequestException("the " + HEADER + " header is not supported");
    }
  }
}
