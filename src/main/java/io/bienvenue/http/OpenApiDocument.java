package io.bienvenue.http;

import io.javalin.http.ContentType;
import io.javalin.http.Context;

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
   * Reads the document from the class path. It is not parsed here: {@code OpenApiTest} checks it,
   * and a parse would cost every start a JSON mapper's warm-up.
   *
   * @throws IllegalStateException if the resource is missing
   */
  static OpenApiDocument load() {
    return new OpenApiDocument(Resources.read(RESOURCE));
  }

  /** {@code GET /openapi.json}: the document, byte for byte. */
  void serve(Context ctx) {
    ctx.contentType(ContentType.APPLICATION_JSON).result(json);
  }
}
