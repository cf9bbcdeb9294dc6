package io.bienvenue.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * The OpenAPI 3 document of the API, the resource {@code /openapi.json}, served as it is at {@code
 * GET /openapi.json}. It is written by hand; {@code OpenApiTest} fails when the routes, statuses or
 * fields of the running app drift from it. Read once, immutable, thread-safe.
 */
final class OpenApiDocument {

  static final String RESOURCE = "/openapi.json";

  private final byte[] json;

  private OpenApiDocument(byte[] json) {
    this.json = json;
  }

  /**
   * Reads the document from the class path, and checks that it is a JSON object.
   *
   * @throws IllegalStateException if the resource is missing or is not JSON
   */
  static OpenApiDocument load() {
    byte[] json = Resources.read(RESOURCE);
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("the resource " + RESOURCE + " is not JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalStateException("the resource " + RESOURCE + " is not a JSON object");
    }
    return new OpenApiDocument(json);
  }

  /** {@code GET /openapi.json}: the document, byte for byte. */
  void serve(Context ctx) {
    ctx.contentType(ContentType.APPLICATION_JSON).result(json);
  }
}
