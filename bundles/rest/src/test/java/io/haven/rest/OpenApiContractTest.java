package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.haven.rest.http.BodyLimit;
import io.haven.rest.resources.OpenApiResource;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document, against the running application: the errors it declares
 * are the ones it gives, in the declared media type, and each parameter constraint the document states
 * is the one the API applies (just inside is taken, just outside is a 400 naming the parameter). Rules
 * that live in the core services (a region's form, a text's length) are checked by their tests and by
 * the schemathesis run in itests (FuzzIT), which runs the real services.
 */
class OpenApiContractTest {

    private static final String PROBLEM = "application/problem+json";

    private final JsonNode document = readDocument();

    @Test
    void everyOperationDeclaresTheErrorsItCanGive() {
        for (Operation op : operations()) {
            JsonNode responses = op.node.get("responses");
            if (op.node.path("parameters").size() > 0 || op.hasBody()) {
                assertThat(responses.has("400")).as(op + " declares 400").isTrue();
            }
            if (op.hasBody()) {
                assertThat(responses.has("413")).as(op + " declares 413").isTrue();
                assertThat(responses.has("415")).as(op + " declares 415").isTrue();
            }
            responses.fields().forEachRemaining(response -> {
                JsonNode content = resolve(response.getValue()).path("content");
                Set<String> types = new TreeSet<>();
                content.fieldNames().forEachRemaining(types::add);
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    assertThat(types).as(op + " " + response.getKey()).containsExactly(PROBLEM);
                } else if (!types.isEmpty()) {
                    // Reports are CSV downloads; everything else answers JSON.
                    assertThat(types).as(op + " " + response.getKey())
                            .containsExactly(op.toString().contains("/reports/") ? "text/csv" : "application/json");
                }
            });
        }
    }

    /** What schemathesis' ignored_auth check would see, for every operation (FuzzIT leaves that check out). */
    @Test
    void everyOperationThatIsNotPublicRefusesMissingAndWrongCredentialsWith401() {
        InMemoryApi api = new InMemoryApi();
        int checked = 0;
        for (Operation op : operations()) {
            if (op.node.has("security") && op.node.get("security").isEmpty()) {
                continue;
            }
            for (InMemoryApi.Request request : List.of(op.request(api, null, null, null).noAuth(),
                    op.request(api, null, null, null).bearer("hvn_not-a-key"),
                    op.request(api, null, null, null).basic(InMemoryApi.USER, "not-the-password"))) {
                if (op.hasBody()) {
                    request.json("{}");
                }
                Reply reply = request.send();
                assertThat(reply.status()).as(op + ": " + reply.body()).isEqualTo(401);
                assertThat(reply.header("Content-Type")).as(op.toString()).startsWith(PROBLEM);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void everyPathIdThatIsNotAPositiveNumberIs400NamingIt() {
        InMemoryApi api = new InMemoryApi();
        int checked = 0;
        for (Operation op : operations()) {
            for (JsonNode parameter : op.parameters()) {
                if (!parameter.get("in").asText().equals("path")
                        || !parameter.path("schema").path("type").asText().equals("integer")) {
                    continue;
                }
                assertThat(parameter.get("schema").get("minimum").asLong()).as(op + " ids start at").isEqualTo(1);
                for (String bad : List.of("x", "%20", "0", "-1", "1.0", "99999999999999999999")) {
                    Reply reply = op.send(api, parameter.get("name").asText(), bad, null);
                    assertProblem(reply, 400, parameter.get("name").asText(), op + " with " + bad);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(25);
    }

    @Test
    void everyQueryConstraintIsHonoured() {
        InMemoryApi api = new InMemoryApi();
        int checked = 0;
        for (Operation op : operations()) {
            for (JsonNode parameter : op.parameters()) {
                if (!parameter.get("in").asText().equals("query")) {
                    continue;
                }
                String name = parameter.get("name").asText();
                JsonNode schema = resolve(parameter.get("schema"));
                assertProblem(op.send(api, null, null, name + "="), 400, name, op + " with an empty " + name);
                for (String good : goodValues(schema)) {
                    Reply reply = op.send(api, null, null, name + "=" + good);
                    assertThat(reply.status()).as(op + " " + name + "=" + good + ": " + reply.body()).isNotEqualTo(400);
                }
                for (String bad : badValues(schema)) {
                    assertProblem(op.send(api, null, null, name + "=" + bad), 400, name, op + " " + name + "=" + bad);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void everyBodyIsJsonAndCapped() {
        InMemoryApi api = new InMemoryApi();
        String tooLarge = "{\"name\": \"" + "x".repeat(BodyLimit.MAX_BYTES) + "\"}";
        for (Operation op : operations()) {
            if (!op.hasBody()) {
                continue;
            }
            assertThat(op.node.at("/requestBody/content").fieldNames().next()).isEqualTo("application/json");
            Reply plain = op.request(api, null, null, null).body("text/plain", "{}").send();
            assertThat(plain.status()).as(op + ": " + plain.body()).isEqualTo(415);
            assertThat(plain.header("Content-Type")).startsWith(PROBLEM);

            Reply large = op.request(api, null, null, null).body("application/json", tooLarge).send();
            assertProblem(large, 413, "body", op.toString());
        }
    }

    /** TRACE, PATCH and the like: 405 with an Allow header that lists what the document lists. */
    @Test
    void anUndocumentedMethodIs405WithAllow() {
        InMemoryApi api = new InMemoryApi();
        document.get("paths").fields().forEachRemaining(path -> {
            Set<String> documented = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT)));
            String concrete = "v1" + path.getKey().replaceAll("\\{[^}]+}", "1");
            for (String method : List.of("TRACE", "PATCH")) {
                Reply reply = api.call(method, concrete).send();
                assertThat(reply.status()).as(method + " " + path.getKey()).isEqualTo(405);
                assertThat(reply.header("Content-Type")).startsWith(PROBLEM);
                assertThat(Arrays.asList(reply.header("Allow").split("\\s*,\\s*"))).as(path.getKey())
                        .containsAll(documented);
            }
        });
    }

    private static List<String> goodValues(JsonNode schema) {
        List<String> values = new ArrayList<>();
        switch (schema.path("type").asText()) {
            case "integer" -> {
                long min = schema.has("minimum") ? schema.get("minimum").asLong() : 1;
                values.add(String.valueOf(min));
                if (schema.has("maximum")) {
                    values.add(String.valueOf(schema.get("maximum").asLong()));
                }
            }
            case "boolean" -> values.addAll(List.of("true", "false"));
            default -> schema.path("enum").forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    private static List<String> badValues(JsonNode schema) {
        List<String> values = new ArrayList<>();
        switch (schema.path("type").asText()) {
            case "integer" -> {
                values.addAll(List.of("x", "1.5"));
                if (schema.has("minimum")) {
                    values.add(String.valueOf(schema.get("minimum").asLong() - 1));
                }
                if (schema.has("maximum")) {
                    values.add(String.valueOf(schema.get("maximum").asLong() + 1));
                }
            }
            case "boolean" -> values.addAll(List.of("maybe", "1"));
            default -> {
                if (schema.has("enum")) {
                    values.add("nope");
                }
            }
        }
        return values;
    }

    private void assertProblem(Reply reply, int status, String field, String what) {
        assertThat(reply.status()).as(what + ": " + reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(what).startsWith(PROBLEM);
        assertThat(reply.json().path("field").asText()).as(what + ": " + reply.body()).isEqualTo(field);
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                op -> operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue()))));
        return operations;
    }

    private final class Operation {
        final String method;
        final String path;
        final JsonNode node;

        Operation(String method, String path, JsonNode node) {
            this.method = method;
            this.path = path;
            this.node = node;
        }

        boolean hasBody() {
            return node.has("requestBody");
        }

        List<JsonNode> parameters() {
            List<JsonNode> parameters = new ArrayList<>();
            node.path("parameters").forEach(p -> parameters.add(resolve(p)));
            return parameters;
        }

        /** The operation with every path parameter 1 except the one given, and the query given. */
        InMemoryApi.Request request(InMemoryApi api, String pathParameter, String value, String query) {
            String concrete = path;
            for (JsonNode parameter : parameters()) {
                if (parameter.get("in").asText().equals("path")) {
                    String name = parameter.get("name").asText();
                    concrete = concrete.replace("{" + name + "}", name.equals(pathParameter) ? value : "1");
                }
            }
            return api.call(method, "v1" + concrete + (query == null ? "" : "?" + query));
        }

        Reply send(InMemoryApi api, String pathParameter, String value, String query) {
            InMemoryApi.Request request = request(api, pathParameter, value, query);
            if (hasBody()) {
                request.json("{}");
            }
            return request.send();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static JsonNode readDocument() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
