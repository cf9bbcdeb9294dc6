package io.bienvenue.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.http.edge.BadRequestException;
import java.util.Optional;

/**
 * The one reader of a browser's {@code credential.toJSON()} in a request: the object itself, as a
 * member of a JSON body, or its JSON text, as a form field or a JSON string. What WebAuthn makes of
 * it is decided behind {@link io.bienvenue.auth.Auth}; this only hands on one JSON object.
 */
final class CredentialJson {

  /** One object and nothing after it; a key given twice is malformed. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private CredentialJson() {}

  /**
   * The credential {@code value} of the field {@code name}, as JSON text; empty if it is missing,
   * null or an empty string.
   *
   * @throws BadRequestException if it is neither an object nor the JSON text of one
   */
  static Optional<String> of(String name, JsonNode value) {
    if (value == null || value.isNull() || (value.isTextual() && value.textValue().isEmpty())) {
      return Optional.empty();
    }
    JsonNode object = value.isTextual() ? parse(name, value.textValue()) : value;
    if (!object.isObject()) {
      throw notACredential(name);
    }
    return Optional.of(object.toString());
  }

  private static JsonNode parse(String name, String text) {
    try {
      JsonNode parsed = JSON.readTree(text);
      if (parsed == null) {
        throw notACredential(name);
      }
      return parsed;
    } catch (JsonProcessingException e) {
      throw notACredential(name);
    }
  }

  private static BadRequestException notACredential(String name) {
    return new BadRequestException(
        name + " must be the object of credential.toJSON(), or its JSON text");
  }
}
