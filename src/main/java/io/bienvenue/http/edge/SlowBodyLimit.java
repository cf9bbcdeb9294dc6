package io.bienvenue.http.edge;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Cuts off a request body that arrives slower than a minimum rate, averaged from the moment the
 * request's headers were read, once a grace period has passed: a client dripping a byte every few
 * seconds would otherwise hold a worker thread for as long as it likes (a "slow POST" attack), and
 * a few hundred of them hold every thread. The reader gets a 408 failure, which the edge answers as
 * JSON, and Jetty closes the connection. A body complete by its {@code Content-Length} is never cut
 * off, however late it came. Jetty 12 keeps {@code HttpConfiguration.setMinRequestDataRate} only as
 * a setting that nothing reads, hence this customizer. Stateless; each request's count is its own,
 * read by one reader at a time as Jetty's {@link Content.Source} contract says.
 */
public final class SlowBodyLimit implements HttpConfiguration.Customizer {

  /** The message of the 408. */
  public static final String MESSAGE = "the request body came too slowly";

  private final long minBytesPerSecond;
  private final long graceNanos;

  /**
   * A limit of {@code minBytesPerSecond}, measured once {@code grace} has passed.
   *
   * @throws IllegalArgumentException if the rate is not positive or the grace negative
   */
  public SlowBodyLimit(long minBytesPerSecond, Duration grace) {
    if (minBytesPerSecond <= 0 || grace.isNegative()) {
      throw new IllegalArgumentException("a positive rate and a grace of zero or more");
    }
    this.minBytesPerSecond = minBytesPerSecond;
    this.graceNanos = grace.toNanos();
  }

  /** Tells whether {@code failure}, or one of its causes, is this limit cutting a body off. */
  public static boolean cutOff(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpException http && http.getCode() == HttpStatus.REQUEST_TIMEOUT_408) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    return new Measured(request, System.nanoTime());
  }

  /** The request, its body counted as it is read. */
  private final class Measured extends Request.Wrapper {

    private final long started;
    private final long declared;
    private long read;

    Measured(Request request, long started) {
      super(request);
      this.started = started;
      this.declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk chunk = super.read();
      if (chunk == null || Content.Chunk.isFailure(chunk)) {
        return chunk;
      }
      read += chunk.remaining();
      if (chunk.isLast() || read >= declared && declared >= 0) {
        return chunk;
      }
      long elapsed = System.nanoTime() - started;
      if (elapsed > graceNanos
          && read * TimeUnit.SECONDS.toNanos(1) < minBytesPerSecond * elapsed) {
        chunk.release();
        return Content.Chunk.from(
            new HttpException.RuntimeException(HttpStatus.REQUEST_TIMEOUT_408, MESSAGE), true);
      }
      return chunk;
    }
  }
}
