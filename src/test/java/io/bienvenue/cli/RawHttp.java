package io.bienvenue.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP request on a connection of its own, read to its end: tells a refused connection (the
 * server had stopped accepting) from a broken one (the server dropped a request it had taken).
 */
final class RawHttp {

  private RawHttp() {}

  /**
   * Registers {@code email} and returns the status code, {@code refused} when the connection was
   * refused, or {@code broken: ...} when the answer was cut short.
   */
  static String register(int port, String email) {
    String body = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password=pw";
    String request =
        "POST /users HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + body.length()
            + "\r\nConnection: close\r\n\r\n"
            + body;
    Socket socket;
    try {
      socket = new Socket("127.0.0.1", port);
    } catch (ConnectException refused) {
      return "refused";
    } catch (IOException e) {
      return "broken: " + e;
    }
    try (socket) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String status = in.readLine();
      if (status == null || !status.startsWith("HTTP/1.1 ")) {
        return "broken: no status line";
      }
      StringBuilder rest = new StringBuilder();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        rest.append(line);
      }
      if (!rest.toString().contains("}")) {
        return "broken: no JSON body";
      }
      return status.substring(9, 12);
    } catch (IOException e) {
      return "broken: " + e;
    }
  }
}
