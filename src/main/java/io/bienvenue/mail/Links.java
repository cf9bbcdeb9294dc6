package io.bienvenue.mail;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The links mails carry, to the service's public address and its web pages. */
final class Links {

  private Links() {}

  /** {@code publicUrl} without trailing slashes, to put a path after. */
  static String base(URI publicUrl) {
    return publicUrl.toString().replaceAll("/+$", "");
  }

  /**
   * A link to the web page {@code page} (say {@code /ui/reset}) that carries {@code email} and
   * {@code token} in its fragment ({@code #...}), which browsers never send to a server: they stay
   * out of proxy logs and {@code Referer} headers.
   */
  static String withSecret(URI publicUrl, String page, String email, String token) {
    return base(publicUrl)
        + page
        + "#email="
        + URLEncoder.encode(email, StandardCharsets.UTF_8)
        + "&token="
        + token;
  }
}
