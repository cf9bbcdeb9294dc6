package io.bienvenue.http;

import io.javalin.http.Context;

/**
 * Headers every response carries: nothing is cached (responses hold tokens and personal data),
 * nothing is sniffed, framed, or given a referrer, and a JSON response may load nothing.
 */
final class SecurityHeaders {

  private SecurityHeaders() {}

  static void apply(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
}
