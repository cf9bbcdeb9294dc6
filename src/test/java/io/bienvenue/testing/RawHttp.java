package io.bienvenue.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP as bytes on a socket, with nothing between the test and the server to tidy up what it sends:
 * no header validation, no Content-Length of its own, no encoding. {@link #exchange} sends one
 * request on a connection of its own and reads the answer; a connection from {@link #connect} lets
 * a test write and read in steps of its choosing. Every read is bounded by a timeout. An instance
 * is one connection, for one thread.
 */
public final class RawHttp implements AutoCloseable {

  /** The time an answer may take when the test names none. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Socket socket;

  private RawHttp(Socket socket) {
    this.socket = socket;
  }

  /**
   * An answer: its status line, its header lines, and its body (de-chunked) as UTF-8 text.
   *
   * @param status the status code
   * @param statusLine the status line as it came, {@code HTTP/1.1 200 OK}
   * @param headers the header lines as they came, {@code Name: value}
   * @param body the body, read by its Content-Length, its chunks, or to the end of the connection
   */
  public record Answer(int status, String statusLine, List<String> headers, String body) {

    /** The first value of header {@code name}, any case, or {@code ""} when there is none. */
    public String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      for (String line : headers) {
        if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          return line.substring(prefix.length()).trim();
        }
      }
      return "";
    }

    /** The body read as JSON; throws {@link AssertionError} when it is not JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + this, e);
      }
    }

    /** The whole answer as text: status line, header lines and body. */
    public String text() {
      return statusLine + "\r\n" + String.join("\r\n", headers) + "\r\n\r\n" + body;
    }

    /** The status line, the headers and the body's first 300 characters, for failure messages. */
    @Override
    public String toString() {
      return statusLine
          + " "
          + headers
          + " "
          + (body.length() > 300 ? body.substring(0, 300) : body);
    }
  }

  /**
   * Sends {@code request} to {@code port} of 127.0.0.1 on a new connection and reads the first
   * answer, skipping interim (1xx) ones. The request is written on another thread while the answer
   * is read, so a server that answers (a 413) before a huge body is all sent is heard rather than
   * reported as a broken pipe. Throws {@link AssertionError} when no whole answer comes within
   * {@code timeout}, and {@link IOException} when the connection is refused or broken.
   */
  public static Answer exchange(int port, byte[] request, Duration timeout) throws IOException {
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
        return connection.read(System.nanoTime() + timeout.toNanos());
      } finally {
        writing.cancel(true);
      }
    }
  }

  /** {@link #exchange(int, byte[], Duration)} of {@code request} written as ISO-8859-1. */
  public static Answer exchange(int port, String request, Duration timeout) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), timeout);
  }

  /** {@link #exchange(int, String, Duration)} within {@link #TIMEOUT}. */
  public static Answer exchange(int port, String request) throws IOException {
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
  public Answer read() throws IOException {
    return read(Long.MAX_VALUE);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private Answer read(long deadline) throws IOException {
    InputStream in = socket.getInputStream();
    String statusLine;
    try {
      statusLine = line(in);
      while (statusLine != null && statusLine.matches("HTTP/1\\.[01] 1\\d\\d.*")) {
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
          continue;
        }
        statusLine = line(in);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within the time limit", e);
    }
    if (statusLine == null || !statusLine.matches("HTTP/1\\.[01] \\d\\d\\d.*")) {
      throw new AssertionError("no HTTP/1.x status line but: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    List<String> headers = new ArrayList<>();
    for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      headers.add(line);
    }
    Answer head = new Answer(status, statusLine, headers, "");
    byte[] body;
    String length = head.header("Content-Length");
    if (!length.isEmpty()) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if (head.header("Transfer-Encoding").equalsIgnoreCase("chunked")) {
      body = chunked(in);
    } else if (status == 204 || status == 304) {
      body = new byte[0];
    } else {
      body = in.readAllBytes();
    }
    if (System.nanoTime() > deadline) {
      throw new AssertionError("the answer took longer than the time limit: " + statusLine);
    }
    return new Answer(status, statusLine, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      if (size == null) {
        return body.toByteArray();
      }
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        line(in);
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line(in);
    }
  }

  /** One CRLF-ended line as ISO-8859-1, or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1; b = in.read()) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }
}
