package io.claimmap.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.claimmap.cli.ClaimmapCommand;
import io.claimmap.cli.ServeCommand;
import io.claimmap.cli.ServeRunner;
import io.claimmap.server.ClaimmapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /openapi.json} cannot drift from the server: its paths are the routes Javalin registered, and every
 * approved example document (and the live {@code /v1/rules} and problem documents) validates against its schemas.
 * The schemas are checked closed: an object may hold only the properties the document lists, so a field added to
 * the result document without documenting it fails here.
 */
class OpenApiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path APPROVALS = Path.of("examples/src/test/java/io/claimmap/examples/approvals");
    static ClaimmapServer server;
    static JsonNode openapi;

    @BeforeAll
    static void start() throws Exception {
        ServeCommand serve = ClaimmapCommand.commandLine().parseArgs("serve", "--port", "0", "--no-access-log",
                        "--drain-timeout", "0", "--jwks", "examples/salesforce/jwks.json", "--now", ExamplesTest.NOW)
                .subcommand().commandSpec().commandLine().getCommand();
        server = ServeRunner.start(serve, new PrintWriter(new StringWriter()));
        openapi = JSON.readTree(get("/openapi.json").body());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A schema of the document, by name, with every object closed to properties it does not list. */
    private static JsonSchema schema(String name) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$ref", "#/components/schemas/" + name);
        root.set("components", close(openapi.get("components").deepCopy()));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                .getSchema(root, SchemaValidatorsConfig.builder().nullableKeywordEnabled(true).build());
    }

    private static JsonNode close(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                close(fields.next().getValue());
            }
        } else if (node.isArray()) {
            node.forEach(OpenApiContractTest::close);
        }
        return node;
    }

    private static void assertValid(JsonSchema schema, JsonNode document, String what) {
        Set<ValidationMessage> errors = schema.validate(document);
        assertTrue(errors.isEmpty(), what + ": " + errors);
    }

    @Test
    void thePathsAreTheRoutesRegistered() {
        Set<String> documented = new TreeSet<>();
        openapi.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        assertEquals(new TreeSet<>(server.routes()), documented);
    }

    @Test
    void everyApprovedExampleDocumentIsAResult() throws Exception {
        JsonSchema result = schema("Result");
        List<Path> examples = new ArrayList<>();
        try (Stream<Path> files = Files.list(APPROVALS)) {
            files.filter(file -> file.getFileName().toString().matches("ExamplesTest\\.json\\..*\\.approved\\.json"))
                    .sorted().forEach(examples::add);
        }
        assertTrue(examples.size() >= 10, "the approved example documents: " + examples);
        for (Path example : examples) {
            assertValid(result, JSON.readTree(Files.readString(example)), example.getFileName().toString());
        }
    }

    @Test
    void theRulesAndProblemDocumentsMatchTheirSchemas() throws Exception {
        assertValid(schema("Rules"), JSON.readTree(get("/v1/rules").body()), "/v1/rules");
        HttpResponse<String> notFound = get("/v2/nothing");
        assertEquals(404, notFound.statusCode());
        assertValid(schema("Problem"), JSON.readTree(notFound.body()), "a 404");
    }

    @Test
    void theSchemasCatchAnUndocumentedField() throws Exception {
        ObjectNode drifted = (ObjectNode) JSON.readTree(Files.readString(APPROVALS.resolve(
                "ExamplesTest.json.salesforce-contact-keyed-by-literal-url.approved.json")));
        drifted.put("undocumented", true);
        assertTrue(!schema("Result").validate(drifted).isEmpty(), "an undocumented field fails");
    }
}
