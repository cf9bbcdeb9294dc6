package io.bienvenue.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature (https://www.standardwebhooks.com): {@code v1,} and the base64 of
 * HMAC-SHA256 over {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed by the bytes the secret's
 * base64 (after {@code whsec_}) decodes to.
 */
public final class WebhookSignature {

  /** The name of the header that carries the message id. */
  public static final String ID_HEADER = "webhook-id";

  /** The name of the header that carries the time of the attempt, in Unix seconds. */
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";

  /** The name of the header that carries the signature. */
  public static final String SIGNATURE_HEADER = "webhook-signature";

  private WebhookSignature() {}

  /**
   * Signs {@code body}, sent as message {@code messageId} at {@code timestamp} (Unix seconds), with
   * {@code secret}.
   *
   * @return the {@code webhook-signature} header's value, {@code v1,<base64>}
   * @throws IllegalArgumentException if the secret is not {@code whsec_} and base64
   */
  public static String sign(String secret, String messageId, long timestamp, String body) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(body, "body");
    if (!secret.startsWith(WebhookEndpoints.SECRET_PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with whsec_");
    }
    byte[] key =
        Base64.getDecoder().decode(secret.substring(WebhookEndpoints.SECRET_PREFIX.length()));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signed =
          mac.doFinal((messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HMAC-SHA256", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
