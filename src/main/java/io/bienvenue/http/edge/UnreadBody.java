package io.bienvenue.http.edge;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * What is left of a request body once its route has answered: read and dropped before the answer is
 * written, so the answer reaches the client and its kept-alive connection stays usable.
 *
 * <p>A route may answer without reading the body (no session, no such path, the wrong method), or
 * stop at the size limit. Jetty then closes the connection: a client still sending sees it reset,
 * which destroys the answer before it is read, and a client that already sent everything may put
 * the connection back in its pool and send its next request into a closed socket. Up to {@link
 * #MAX_DISCARDED_BYTES} are read; a larger body gets {@code Connection: close}, said in the answer.
 */
public final class UnreadBody {

  /**
   * The most of a body read after its route answered; the slow-body limit and the idle timeout
   * bound how long a slow client can hold a thread, as for any body.
   */
  static final long MAX_DISCARDED_BYTES = 1024 * 1024;

  private UnreadBody() {}

  /** Reads and drops what the route left of {@code ctx}'s body: an after-handler of every route. */
  public static void drain(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    boolean chunked = "chunked".equalsIgnoreCase(ctx.header("Transfer-Encoding"));
    if (declared <= 0 && !chunked) {
      return;
    }
    if (declared > MAX_DISCARDED_BYTES || !readToEnd(ctx)) {
      ctx.header("Connection", "close");
    }
  }

  /** Reads the rest of the body; false if more than the bound is left, or it cannot be read. */
  private static boolean readToEnd(Context ctx) {
    try {
      InputStream body = ctx.req().getInputStream();
      byte[] buffer = new byte[8192];
      long read = 0;
      int n;
      while ((n = body.read(buffer)) >= 0) {
        read += n;
        if (read > MAX_DISCARDED_BYTES) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      // The client went away or sent a broken body: the connection closes anyway.
      return false;
    }
  }
}
