package io.bienvenue.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3 document of the API, the resource {@code /openapi.json}, served at {@code GET
 * /openapi.json}. It is written by hand; {@code OpenApiTest} fails when the routes, statuses or
 * fields of the running app drift from it. Under a base path its {@code servers} become that one
 * path ({@code [{"url": "/auth"}]}), so that its operations resolve where the service answers; the
 * resource itself names no prefix. Read once, immutable, thread-safe.
 */
final class OpenApiDocument {

  static final String RESOURCE = "/openapi.json";

  private final byte[] json;

  private OpenApiDocument(byte[] json) {
    this.json = json;
  }

  /**
   * Reads the document from the class path. With no base path it is not parsed: {@code OpenApiTest}
   * checks it, and a parse would cost every start a JSON mapper's warm-up.
   *
   * @throws IllegalStateException if the resource is missing
   * @throws UncheckedIOException if it is not JSON, under a base path
   */
  static OpenApiDocument load(BasePath basePath) {
    byte[] resource = Resources.read(RESOURCE);
    return new OpenApiDocument(basePath.isSet() ? servedUnder(resource, basePath) : resource);
  }

  /** {@code GET /openapi.json}: the document. */
  void serve(Context ctx) {
    ctx.contentType(ContentType.APPLICATION_JSON).result(json);
  }

  /** {@code document} with its one server the base path, a URL relative to the service's host. */
  private static byte[] servedUnder(byte[] document, BasePath basePath) {
    ObjectMapper mapper = new ObjectMapper();
    try {
      ObjectNode root = (ObjectNode) mapper.readTree(document);
      ArrayNode servers = root.putArray("servers");
      servers
          .addObject()
          .put("url", basePath.value())
          .put("description", "this service, mounted under " + basePath.value());
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the resource " + RESOURCE, e);
    }
  }
}
