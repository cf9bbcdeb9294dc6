package io.bienvenue.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.bienvenue.http.edge.BadRequestException;
import io.bienvenue.http.edge.SlowBodyLimit;
import io.bienvenue.http.edge.Utf8Input;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields of a request body, read the way the original's {@code request.form} reads them: from
 * an URL-encoded or multipart form, or from a JSON object with string values (and, for {@link
 * #credential}, object values). A field given twice is refused rather than guessed at. Immutable.
 */
final class RequestFields {

  /** One object and nothing after it but whitespace: {@code {...} trailing} is malformed. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Map<String, String> values;

  /**
   * The members of a JSON body given as objects, where allowed: only {@link #credential} reads
   * them.
   */
  private final Map<String, JsonNode> objects;

  private RequestFields(Map<String, String> values) {
    this(values, Map.of());
  }

  /** The members of a JSON body given as booleans, where allowed: only {@link #flag} reads them. */
  private final Map<String, Boolean> flags;

  private RequestFields(Map<String, String> values, Map<String, JsonNode> objects) {
    this(values, objects, Map.of());
  }

  private RequestFields(
      Map<String, String> values, Map<String, JsonNode> objects, Map<String, Boolean> flags) {
    this.values = values;
    this.objects = objects;
    this.flags = flags;
  }

  /**
   * Reads the fields of {@code ctx}'s body as {@link #of(Context)} does, where a JSON body may give
   * the members named in {@code flagFields} as booleans, for {@link #flag}, which are taken out of
   * the string fields before those are read.
   *
   * @throws BadRequestException for a malformed body, a repeated field, a member named in {@code
   *     flagFields} that is not a boolean, or a body of another type
   */
  static RequestFields withFlags(Context ctx, Set<String> flagFields) {
    requireReadableCharset(ctx.header("Content-Type"));
    try {
      return readWithFlags(ctx, flagFields);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      // As in of(Context, Set): Jetty throws for a charset it does not know.
      throw new BadRequestException(415, "the charset of the body is not supported");
    }
  }

  private static RequestFields readWithFlags(Context ctx, Set<String> flagFields) {
    if (flagFields.isEmpty() || !mediaType(ctx.contentType()).equals("application/json")) {
      return read(ctx, Set.of());
    }
    ObjectNode root = readObject(Utf8Input.body(ctx));
    Map<String, Boolean> flags = new HashMap<>();
    for (String name : flagFields) {
      JsonNode flag = root.remove(name);
      if (flag != null && !flag.isBoolean()) {
        throw new BadRequestException(name + " must be true or false");
      }
      if (flag != null) {
        flags.put(name, flag.booleanValue());
      }
    }
    RequestFields fields = fromJson(root, Set.of());
    return new RequestFields(fields.values, fields.objects, Map.copyOf(flags));
  }

  /**
   * Refuses any field not named in {@code known}: for routes whose callers are programs, where a
   * misspelt field must not be ignored.
   *
   * @throws BadRequestException naming the first unknown field, in name order
   */
  void requireOnly(Set<String> known) {
    TreeSet<String> given = new TreeSet<>(values.keySet());
    given.addAll(objects.keySet());
    given.addAll(flags.keySet());
    given.removeAll(known);
    if (!given.isEmpty()) {
      throw new BadRequestException("unknown field " + given.first());
    }
  }

  /** Whether the flag {@code name} is given as {@code true}. */
  boolean flag(String name) {
    return flags.getOrDefault(name, false);
  }

  /** Whether {@code name} is given, as a string, an object or a flag. */
  boolean has(String name) {
    return values.containsKey(name) || objects.containsKey(name) || flags.containsKey(name);
  }

  /**
   * Reads the fields of {@code ctx}'s body.
   *
   * @throws BadRequestException for a malformed body, a repeated field, or a body of another type
   */
  static RequestFields of(Context ctx) {
    return of(ctx, Set.of());
  }

  /**
   * Reads the fields of {@code ctx}'s body as {@link #of(Context)} does, where a JSON body may give
   * the members named in {@code credentialFields} as objects, for {@link #credential}.
   *
   * @throws BadRequestException for a malformed body, a repeated field, or a body of another type
   */
  static RequestFields of(Context ctx, Set<String> credentialFields) {
    requireReadableCharset(ctx.header("Content-Type"));
    try {
      return read(ctx, credentialFields);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      // Jetty decodes the body in the charset the Content-Type names, and throws for an unknown
      // one.
      throw new BadRequestException(415, "the charset of the body is not supported");
    }
  }

  /**
   * Refuses a {@code charset} parameter without a value ({@code text/plain; charset}): Javalin
   * reads the body's charset by splitting that parameter at its {@code =}, and fails on one that
   * has none.
   */
  private static void requireReadableCharset(String contentType) {
    if (contentType == null) {
      return;
    }
    for (String parameter : contentType.split(";")) {
      String name = parameter.trim().toLowerCase(Locale.ROOT);
      if (name.startsWith("charset") && parameter.indexOf('=') < 0) {
        throw new BadRequestException("the Content-Type header has a charset without a value");
      }
    }
  }

  private static RequestFields read(Context ctx, Set<String> credentialFields) {
    String mediaType = mediaType(ctx.contentType());
    if (mediaType.equals("application/json")) {
      return fromJson(Utf8Input.body(ctx), credentialFields);
    }
    if (mediaType.equals("application/x-www-form-urlencoded")) {
      if (Utf8Input.isUtf8(ctx.contentType())) {
        Utf8Input.requireUtf8Form(Utf8Input.body(ctx));
      }
      return new RequestFields(fromForm(ctx));
    }
    if (mediaType.equals("multipart/form-data")) {
      return new RequestFields(fromForm(ctx));
    }
    if (mediaType.isEmpty() && ctx.body().isEmpty()) {
      return new RequestFields(Map.of());
    }
    throw new BadRequestException(
        415,
        "send the fields as a form (application/x-www-form-urlencoded or multipart/form-data)"
            + " or as a JSON object");
  }

  /**
   * Returns the value of {@code name}.
   *
   * @throws BadRequestException naming the field, if it is missing or empty
   */
  String require(String name) {
    requireNotObject(name);
    String value = values.get(name);
    if (value == null || value.isEmpty()) {
      throw new BadRequestException(name + " is required");
    }
    return value;
  }

  /** Returns the value of {@code name}, or empty if it is missing or empty. */
  Optional<String> optional(String name) {
    requireNotObject(name);
    return Optional.ofNullable(values.get(name)).filter(value -> !value.isEmpty());
  }

  /**
   * The browser's {@code credential.toJSON()} given as {@code name}, as JSON text ({@link
   * CredentialJson}): an object member of a JSON body, or its JSON text as a form field or string.
   *
   * @throws BadRequestException if it is neither an object nor the JSON text of one
   */
  Optional<String> credential(String name) {
    JsonNode object = objects.get(name);
    if (object != null) {
      return CredentialJson.of(name, object);
    }
    return optional(name).flatMap(text -> CredentialJson.of(name, TextNode.valueOf(text)));
  }

  private void requireNotObject(String name) {
    if (objects.containsKey(name)) {
      throw new BadRequestException(name + " must be a string");
    }
  }

  private static Map<String, String> fromForm(Context ctx) {
    Map<String, List<String>> form;
    try {
      form = ctx.formParamMap();
    } catch (HttpResponseException e) {
      throw e;
    } catch (RuntimeException e) {
      if (SlowBodyLimit.cutOff(e)) {
        throw new BadRequestException(408, SlowBodyLimit.MESSAGE);
      }
      throw new BadRequestException("the form body is malformed");
    }
    Map<String, String> values = new HashMap<>();
    form.forEach(
        (name, list) -> {
          if (list.size() > 1) {
            throw new BadRequestException(name + " is given more than once");
          }
          values.put(name, list.isEmpty() ? "" : list.get(0));
        });
    return values;
  }

  private static RequestFields fromJson(String body, Set<String> credentialFields) {
    return fromJson(readObject(body), credentialFields);
  }

  private static ObjectNode readObject(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("the JSON body is malformed");
    }
    if (root == null || !root.isObject()) {
      throw new BadRequestException("the JSON body must be an object of string fields");
    }
    return (ObjectNode) root;
  }

  private static RequestFields fromJson(JsonNode root, Set<String> credentialFields) {
    Map<String, String> values = new HashMap<>();
    Map<String, JsonNode> objects = new HashMap<>();
    for (var field : root.properties()) {
      if (field.getValue().isObject() && credentialFields.contains(field.getKey())) {
        objects.put(field.getKey(), field.getValue());
        continue;
      }
      if (!field.getValue().isTextual()) {
        throw new BadRequestException(field.getKey() + " must be a string");
      }
      values.put(field.getKey(), field.getValue().textValue());
    }
    return new RequestFields(values, objects);
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }
}
