package io.bienvenue.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** The rules a webhook endpoint's URL must follow to be registered. */
public final class WebhookUrls {

  /** The longest URL registered, in characters. */
  public static final int MAX_LENGTH = 2000;

  private WebhookUrls() {}

  /**
   * Why {@code url} cannot be registered, or empty if it can: it must be an absolute {@code http}
   * or {@code https} URL with a host, no userinfo and no fragment, of at most {@link #MAX_LENGTH}
   * characters.
   */
  public static Optional<String> refusal(String url) {
    if (url.length() > MAX_LENGTH) {
      return Optional.of("longer than " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("the scheme must be http or https");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("no userinfo (user:password@) allowed");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("no host");
    }
    if (uri.getRawFragment() != null) {
      return Optional.of("no fragment (#...) allowed");
    }
    return Optional.empty();
  }
}
