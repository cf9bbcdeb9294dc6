package io.bienvenue.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.interaction.ApiOperationResolver;
import com.atlassian.oai.validator.model.ApiOperation;
import com.atlassian.oai.validator.model.ApiOperationMatch;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The OpenAPI document {@code /openapi.json} as a contract for the replies of the service, checked
 * by swagger-request-validator: a reply to a documented operation has a status documented for it, a
 * body matching the schema of its content type, and the headers documented for that status.
 * Requests that are no documented operation (web pages, static assets, an unknown path or method)
 * are not checked. One instance, read once, serves every client: its fields are fixed when it is
 * made, and the concurrent HTTP tests share its one validator.
 */
public final class OpenApiContract {

  private static final String RESOURCE = "/openapi.json";
  private static final OpenApiContract DOCUMENT = new OpenApiContract(RESOURCE);

  /** The admin API's document, read the first time it is asked for. */
  private static final class Admin {
    static final OpenApiContract DOCUMENT = new OpenApiContract("/admin-openapi.json");
  }

  private final String resource;

  private final List<String> documentProblems;
  private final OpenAPI api;
  private final ApiOperationResolver operations;
  private final Optional<OpenApiInteractionValidator> validator;
  private final SchemaValidator schemas;
  private final List<Documented> responses;
  private final Set<String> documentedHeaders = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  private OpenApiContract(String resource) {
    this.resource = resource;
    String text = read(resource);
    ParseOptions options = new ParseOptions();
    options.setResolveFully(true);
    options.setResolveCombinators(false);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, options);
    documentProblems = parsed.getMessages() == null ? List.of() : List.copyOf(parsed.getMessages());
    api = parsed.getOpenAPI();
    operations = new ApiOperationResolver(api, null, true);
    // The validator refuses a document with problems; every check then names them instead.
    validator =
        documentProblems.isEmpty()
            ? Optional.of(
                OpenApiInteractionValidator.createForInlineApiSpecification(text)
                    .withStrictOperationPathMatching()
                    .build())
            : Optional.empty();
    schemas = new SchemaValidator(api, new MessageResolver());
    responses = responses(api);
    responses.forEach(r -> documentedHeaders.addAll(headers(r.response())));
  }

  /** The contract of the document the service serves at {@code /openapi.json}. */
  public static OpenApiContract document() {
    return DOCUMENT;
  }

  /** The contract of the admin API's document, served at {@code /admin/v1/openapi.json}. */
  public static OpenApiContract admin() {
    return Admin.DOCUMENT;
  }

  /** What swagger-parser finds wrong with the document as OpenAPI 3.0: nothing if it is valid. */
  public List<String> documentProblems() {
    return documentProblems;
  }

  /** The document, its references resolved. */
  public OpenAPI api() {
    return api;
  }

  /**
   * The documented operation {@code response} answers, as {@code METHOD /path/{template}}; empty if
   * its method and path are no documented operation.
   */
  public Optional<String> operation(HttpResponse<?> response) {
    return match(response).map(o -> o.getMethod().name() + " " + o.getApiPath().original());
  }

  /**
   * What is wrong with {@code response} as a reply to its operation, by the validator, and a header
   * the document gives other replies that this status does not document: nothing if it matches, or
   * if it answers no documented operation.
   */
  public List<String> problems(HttpResponse<String> response) {
    Optional<ApiOperation> operation = match(response);
    if (operation.isEmpty()) {
      return List.of();
    }
    if (validator.isEmpty()) {
      return List.of(resource + " is not valid OpenAPI 3.0: " + documentProblems);
    }
    SimpleResponse.Builder reply =
        SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
    response.headers().map().forEach(reply::withHeader);
    ValidationReport report =
        validator
            .get()
            .validateResponse(
                response.request().uri().getRawPath(),
                method(response).orElseThrow(),
                reply.build());
    List<String> problems = new ArrayList<>();
    report.getMessages().forEach(m -> problems.add(m.getKey() + ": " + m.getMessage()));
    ApiResponse documented =
        operation.get().getOperation().getResponses().get(Integer.toString(response.statusCode()));
    if (documented != null) {
      Set<String> own = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      own.addAll(headers(documented));
      for (String name : documentedHeaders) {
        if (!own.contains(name) && response.headers().firstValue(name).isPresent()) {
          problems.add(name + ": a header this status does not document");
        }
      }
    }
    return problems;
  }

  /** Throws an {@link AssertionError} naming each of the {@link #problems} of {@code response}. */
  public void check(HttpResponse<String> response) {
    List<String> problems = problems(response);
    if (!problems.isEmpty()) {
      throw new AssertionError(
          operation(response).orElseThrow()
              + " answered "
              + response.statusCode()
              + " "
              + response.body()
              + " against "
              + resource
              + ": "
              + String.join("; ", problems));
    }
  }

  /**
   * Every branch of a {@code oneOf} that a reply's body schema is, as {@code METHOD /path STATUS
   * media-type #index}.
   */
  public Set<String> branches() {
    Set<String> branches = new TreeSet<>();
    for (Documented documented : responses) {
      oneOfs(documented.response())
          .forEach(
              (type, oneOf) -> {
                for (int i = 0; i < oneOf.size(); i++) {
                  branches.add(name(documented.operation(), documented.status(), type, i));
                }
              });
    }
    return branches;
  }

  /** The {@link #branches} whose schema the body of {@code response} matches. */
  public Set<String> branchesMatched(HttpResponse<String> response) {
    Set<String> matched = new TreeSet<>();
    Optional<ApiOperation> operation = match(response);
    if (operation.isEmpty()) {
      return matched;
    }
    String status = Integer.toString(response.statusCode());
    ApiResponse documented = operation.get().getOperation().getResponses().get(status);
    String type = response.headers().firstValue("Content-Type").orElse("").split(";", 2)[0].trim();
    List<Schema<?>> oneOf = documented == null ? null : oneOfs(documented).get(type);
    for (int i = 0; oneOf != null && i < oneOf.size(); i++) {
      if (!schemas.validate(response.body(), oneOf.get(i), "response.body").hasErrors()) {
        matched.add(name(operation(response).orElseThrow(), status, type, i));
      }
    }
    return matched;
  }

  private Optional<ApiOperation> match(HttpResponse<?> response) {
    Optional<Request.Method> method = method(response);
    if (method.isEmpty()) {
      return Optional.empty();
    }
    ApiOperationMatch match =
        operations.findApiOperation(response.request().uri().getRawPath(), method.get());
    return match.isPathFound() && match.isOperationAllowed()
        ? Optional.of(match.getApiOperation())
        : Optional.empty();
  }

  private static Optional<Request.Method> method(HttpResponse<?> response) {
    String name = response.request().method().toUpperCase(Locale.ROOT);
    for (Request.Method method : Request.Method.values()) {
      if (method.name().equals(name)) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }

  private static Set<String> headers(ApiResponse response) {
    return response.getHeaders() == null ? Set.of() : response.getHeaders().keySet();
  }

  private static Map<String, List<Schema<?>>> oneOfs(ApiResponse response) {
    Map<String, List<Schema<?>>> oneOfs = new TreeMap<>();
    if (response.getContent() != null) {
      for (Map.Entry<String, MediaType> type : response.getContent().entrySet()) {
        Schema<?> schema = type.getValue().getSchema();
        if (schema != null && schema.getOneOf() != null) {
          List<Schema<?>> branches = new ArrayList<>();
          schema.getOneOf().forEach(branches::add);
          oneOfs.put(type.getKey(), branches);
        }
      }
    }
    return oneOfs;
  }

  private static String name(String operation, String status, String type, int index) {
    return operation + " " + status + " " + type + " #" + index;
  }

  /** A response the document gives: its operation, as {@code METHOD /path}, and its status. */
  private record Documented(String operation, String status, ApiResponse response) {}

  private static List<Documented> responses(OpenAPI api) {
    List<Documented> responses = new ArrayList<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) ->
                            operation
                                .getResponses()
                                .forEach(
                                    (status, response) ->
                                        responses.add(
                                            new Documented(
                                                method + " " + path, status, response)))));
    return responses;
  }

  private static String read(String resource) {
    try (InputStream in = OpenApiContract.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
