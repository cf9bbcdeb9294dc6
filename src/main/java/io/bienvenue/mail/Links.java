package io.bienvenue.mail;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

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
   * out of proxy logs and {@code Referer} headers. A {@code returnTo} goes in the query, {@code
   * ?return_to=...}, where the page reads it to send the person on once done; it is no secret.
   */
  static String withSecret(
      URI publicUrl, String page, Optional<String> returnTo, String email, String token) {
    return base(publicUrl)
        + page
        + returnTo
            .map(to -> "?return_to=" + URLEncoder.encode(to, StandardCharsets.UTF_8))
            .orElse("")
        + "#email="
        + URLEncoder.encode(email, StandardCharsets.UTF_8)
        + "&token="
        + token;
  }
}
