package io.bienvenue.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP as bytes on a socket, with nothing between the test and the server to tidy up what it sends:
 * no header validation, no Content-Length of its own, no encoding. {@link #exchange} sends one
 * request on a connection of its own and reads the answer; a connection from {@link #connect} lets
 * a test write and read in steps of its choosing. Every read is bounded by a timeout. An instance
 * is one connection, for one thread; its answers are {@link RawAnswer}s.
 */
public final class RawHttp implements AutoCloseable {

  /** The time an answer may take when the test names none. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Socket socket;

  private RawHttp(Socket socket) {
    this.socket = socket;
  }

  /**
   * Sends {@code request} to {@code port} of 127.0.0.1 on a new connection and reads the first
   * answer, skipping interim (1xx) ones. The request is written on another thread while the answer
   * is read, so a server that answers (a 413) before a huge body is all sent is heard rather than
   * reported as a broken pipe. Throws {@link AssertionError} when no whole answer comes within
   * {@code timeout}, and {@link IOException} when the connection is refused or broken.
   */
  public static RawAnswer exchange(int port, byte[] request, Duration timeout) throws IOException {
    try (RawHttp connection = connect(port, timeout)) {
      OutputStream out = connection.socket.getOutputStream();
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int offset = 0; offset < request.length; offset += 64 * 1024) {
                    out.write(request, offset, Math.min(64 * 1024, request.length - offset));
                  }
                  out.flush();
                } catch (IOException e) {
                  // The server answered and closed before reading it all: its answer is what
                  // counts.
                }
              });
      try {
        return RawAnswer.read(
            connection.socket.getInputStream(), System.nanoTime() + timeout.toNanos());
      } finally {
        writing.cancel(true);
      }
    }
  }

  /** {@link #exchange(int, byte[], Duration)} of {@code request} written as ISO-8859-1. */
  public static RawAnswer exchange(int port, String request, Duration timeout) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), timeout);
  }

  /** {@link #exchange(int, String, Duration)} within {@link #TIMEOUT}. */
  public static RawAnswer exchange(int port, String request) throws IOException {
    return exchange(port, request, TIMEOUT);
  }

  /** A connection to {@code port} of 127.0.0.1, its reads bounded by {@code timeout}. */
  public static RawHttp connect(int port, Duration timeout) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout((int) timeout.toMillis());
    return new RawHttp(socket);
  }

  /**
   * A connection to {@code port} of 127.0.0.1 from the local address {@code from}, made within
   * {@code timeout} and its reads bounded by it.
   */
  public static RawHttp connect(String from, int port, Duration timeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return new RawHttp(socket);
  }

  /** Writes {@code text} as ISO-8859-1, every char one byte, and flushes it. */
  public void write(String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Bounds each later read by {@code timeout}. */
  public void timeout(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
  }

  /**
   * Reads one byte, or -1 at the end of the connection; throws {@link SocketTimeoutException} when
   * none comes within the timeout.
   */
  public int readByte() throws IOException {
    return socket.getInputStream().read();
  }

  /** Reads all the server sends until it closes the connection, as ISO-8859-1 text. */
  public String readToEnd() throws IOException {
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  /** Reads the next answer, skipping interim (1xx) ones, as {@link #exchange} does. */
  public RawAnswer read() throws IOException {
    return RawAnswer.read(socket.getInputStream(), Long.MAX_VALUE);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
