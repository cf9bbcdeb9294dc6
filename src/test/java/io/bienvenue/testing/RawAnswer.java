package io.bienvenue.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP answer as {@link RawHttp} read it off the socket: its status line, its header lines, and
 * its body (de-chunked) as UTF-8 text.
 *
 * @param status the status code
 * @param statusLine the status line as it came, {@code HTTP/1.1 200 OK}
 * @param headers the header lines as they came, {@code Name: value}
 * @param body the body, read by its Content-Length, its chunks, or to the end of the connection
 */
public record RawAnswer(int status, String statusLine, List<String> headers, String body) {

  private static final ObjectMapper JSON = new ObjectMapper();

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
    return statusLine + " " + headers + " " + (body.length() > 300 ? body.substring(0, 300) : body);
  }

  /**
   * Reads one answer from {@code in}, skipping interim (1xx) ones. Throws {@link AssertionError}
   * when no HTTP/1.x status line comes, or when the answer is whole only after {@code deadline} (a
   * {@link System#nanoTime()} value).
   */
  static RawAnswer read(InputStream in, long deadline) throws IOException {
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
    RawAnswer head = new RawAnswer(status, statusLine, headers, "");
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
    return new RawAnswer(status, statusLine, headers, new String(body, StandardCharsets.UTF_8));
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
