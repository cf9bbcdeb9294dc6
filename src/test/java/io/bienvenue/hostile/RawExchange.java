package io.bienvenue.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP exchange over a socket of its own, bytes in and bytes out, with nothing between the test
 * and the server to tidy up what it sends: no header validation, no Content-Length of its own, no
 * encoding. The request is written on another thread while the answer is read, so a server that
 * answers (a 413) before the whole of a huge body is sent is heard rather than reported as a broken
 * pipe. Every read is bounded by a timeout.
 */
final class RawExchange {

  /** An answer: its status line, its header lines, and its body (de-chunked) as text. */
  record Answer(int status, String statusLine, List<String> headers, String body) {

    /** The first value of header {@code name}, or {@code ""}. */
    String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      for (String line : headers) {
        if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          return line.substring(prefix.length()).trim();
        }
      }
      return "";
    }

    @Override
    public String toString() {
      return statusLine
          + " "
          + headers
          + " "
          + (body.length() > 300 ? body.substring(0, 300) : body);
    }
  }

  private RawExchange() {}

  /**
   * Sends {@code request} to {@code port} and reads the first answer. Throws {@link AssertionError}
   * when no status line comes within {@code timeout}.
   */
  static Answer send(int port, byte[] request, Duration timeout) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
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
        return read(socket.getInputStream(), System.nanoTime() + timeout.toNanos());
      } finally {
        writing.cancel(true);
      }
    }
  }

  /** Sends {@code request}, written as ISO-8859-1 so every char is one byte. */
  static Answer send(int port, String request, Duration timeout) throws IOException {
    return send(port, request.getBytes(StandardCharsets.ISO_8859_1), timeout);
  }

  private static Answer read(InputStream in, long deadline) throws IOException {
    String statusLine;
    try {
      statusLine = line(in);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within the time limit", e);
    }
    while (statusLine != null && statusLine.startsWith("HTTP/1.1 1")) {
      // An interim answer (100 Continue): skip it and its empty header block.
      for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
        continue;
      }
      statusLine = line(in);
    }
    if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
      throw new AssertionError("no HTTP/1.1 status line but: " + statusLine);
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
