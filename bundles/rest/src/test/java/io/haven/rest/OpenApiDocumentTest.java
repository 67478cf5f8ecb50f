package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.haven.api.model.Account;
import io.haven.api.model.AccountDraft;
import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.DisabledWindow;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Page;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.PolicyTarget;
import io.haven.api.model.Schedule;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.model.TargetTypeInfo;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetSpec;
import io.haven.rest.dto.ApiKeyCreated;
import io.haven.rest.dto.ApiKeyRequest;
import io.haven.rest.dto.PolicyRequest;
import io.haven.rest.dto.RunAccepted;
import io.haven.rest.dto.ScheduleRequest;
import io.haven.rest.problem.Problem;
import io.haven.rest.resources.OpenApiResource;
import io.haven.rest.testing.InMemoryApi;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI document must describe exactly the API that the resources implement. */
class OpenApiDocumentTest {

    /** The document's server URL is /api/v1; resource paths carry the v1 prefix. */
    private static final String VERSION_PREFIX = "/v1";

    private final JsonNode document = readDocument();

    @Test
    void everyResourceMethodIsDocumented() {
        Set<String> implemented = implementedOperations();
        assertThat(implemented).as("resource methods found by reflection").hasSizeGreaterThan(25);

        assertThat(documentedOperations()).containsAll(implemented);
    }

    @Test
    void everyDocumentedOperationIsImplemented() {
        assertThat(implementedOperations()).containsAll(documentedOperations());
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void everyOperationHasAnIdAndDeclaresAuthenticationFailure() {
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            assertThat(op.getValue().path("operationId").asText()).as(name).isNotBlank();
            boolean isPublic = op.getValue().has("security") && op.getValue().get("security").isEmpty();
            assertThat(op.getValue().get("responses").has("401")).as(name).isNotEqualTo(isPublic);
        }));
    }

    @Test
    void onlyTheDocumentItselfIsPublic() {
        List<String> publicOps = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().has("security")) {
                publicOps.add(path.getKey());
            }
        }));
        assertThat(publicOps).containsExactly("/openapi.json");
        assertThat(document.get("security")).isNotEmpty();
    }

    /** Schemas that mirror a record list exactly its components, so a changed record shows up here. */
    @Test
    void schemasMatchTheRecordsTheyDescribe() {
        Map<String, Class<? extends Record>> schemas = Map.ofEntries(
                Map.entry("Problem", Problem.class),
                Map.entry("Account", Account.class),
                Map.entry("AccountDraft", AccountDraft.class),
                Map.entry("TargetTypeInfo", TargetTypeInfo.class),
                Map.entry("Resource", Resource.class),
                Map.entry("DisabledWindow", DisabledWindow.class),
                Map.entry("ScheduleSpec", ScheduleSpec.class),
                Map.entry("ScheduleRequest", ScheduleRequest.class),
                Map.entry("Schedule", Schedule.class),
                Map.entry("PolicySpec", PolicySpec.class),
                Map.entry("PolicyRequest", PolicyRequest.class),
                Map.entry("Policy", Policy.class),
                Map.entry("TargetSpec", TargetSpec.class),
                Map.entry("PolicyTarget", PolicyTarget.class),
                Map.entry("RunAccepted", RunAccepted.class),
                Map.entry("Backup", Backup.class),
                Map.entry("BackupPage", Page.class),
                Map.entry("BackupArtifact", BackupArtifact.class),
                Map.entry("LogEntry", LogEntry.class),
                Map.entry("ApiKeyRequest", ApiKeyRequest.class),
                Map.entry("ApiKeyCreated", ApiKeyCreated.class));
        schemas.forEach((name, type) -> {
            JsonNode schema = document.get("components").get("schemas").get(name);
            assertThat(schema).as(name).isNotNull();
            Set<String> documented = new TreeSet<>();
            schema.get("properties").fieldNames().forEachRemaining(documented::add);
            Set<String> actual = new TreeSet<>();
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals("spec") && component.getType().isRecord()) {
                    // A stored object's settings are written at its top level (json.FlatSpecs).
                    Arrays.stream(component.getType().getRecordComponents()).map(RecordComponent::getName)
                            .forEach(actual::add);
                } else {
                    actual.add(component.getName());
                }
            }
            assertThat(documented).as(name).isEqualTo(actual);
        });
    }

    @Test
    void theServedDocumentIsTheBundledOne() {
        InMemoryApi api = new InMemoryApi();

        JsonNode served = api.anonymous("GET", "v1/openapi.json").send().json();

        assertThat(served).isEqualTo(document);
        assertThat(served.get("servers").get(0).get("url").asText()).isEqualTo("/api" + VERSION_PREFIX);
    }

    private static Set<String> implementedOperations() {
        Set<String> operations = new TreeSet<>();
        for (Object instance : RestApplication.resourceConfig(new InMemoryApi().services()).getInstances()) {
            Class<?> type = instance.getClass();
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                String path = join(classPath.value(), methodPath == null ? "" : methodPath.value());
                assertThat(path).as(type.getSimpleName() + "." + method.getName()).startsWith(VERSION_PREFIX + "/");
                operations.add(verb + " " + path.substring(VERSION_PREFIX.length()));
            }
        }
        return operations;
    }

    private Set<String> documentedOperations() {
        Set<String> operations = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> {
            Iterator<String> verbs = path.getValue().fieldNames();
            verbs.forEachRemaining(verb -> operations.add(verb.toUpperCase(Locale.ROOT) + " " + path.getKey()));
        });
        return operations;
    }

    private static String httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                .filter(h -> h != null)
                .map(HttpMethod::value)
                .findFirst().orElse(null);
    }

    /** Joins JAX-RS path segments and drops regular expressions from templates ({id: \d+} becomes {id}). */
    private static String join(String classPath, String methodPath) {
        String joined = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/");
        joined = joined.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
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
