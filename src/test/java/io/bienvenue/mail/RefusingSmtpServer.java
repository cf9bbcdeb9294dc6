package io.bienvenue.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An SMTP server on a free loopback port that refuses every recipient as Postfix refuses an unknown
 * one, repeating the address in its reply: {@code 550 5.1.1 <address>: Recipient address rejected}.
 * One connection at a time, on a daemon thread; closing it stops listening.
 */
final class RefusingSmtpServer implements AutoCloseable {

  private final ServerSocket socket;

  RefusingSmtpServer() throws IOException {
    socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    Thread thread = new Thread(this::serve, "refusing-smtp");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        converse(client);
      } catch (IOException e) {
        if (!socket.isClosed()) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private static void converse(Socket client) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    OutputStream out = client.getOutputStream();
    reply(out, "220 refusing.test ESMTP");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String command = line.toUpperCase(Locale.ROOT);
      if (command.startsWith("EHLO") || command.startsWith("HELO")) {
        reply(out, "250 refusing.test");
      } else if (command.startsWith("MAIL FROM")) {
        reply(out, "250 2.1.0 Ok");
      } else if (command.startsWith("RCPT TO:")) {
        String address = line.substring("RCPT TO:".length()).trim();
        reply(out, "550 5.1.1 " + address + ": Recipient address rejected: User unknown");
      } else if (command.startsWith("QUIT")) {
        reply(out, "221 2.0.0 Bye");
        return;
      } else {
        reply(out, command.startsWith("RSET") || command.startsWith("NOOP") ? "250 Ok" : "502 no");
      }
    }
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
