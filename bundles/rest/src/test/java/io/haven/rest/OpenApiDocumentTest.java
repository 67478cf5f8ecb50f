package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonObjectFormatVisitor;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.haven.api.model.Account;
import io.haven.api.model.Alert;
import io.haven.api.model.Frozen;
import io.haven.api.model.ScriptRun;
import io.haven.api.model.ScriptSettings;
import io.haven.rest.dto.FreezeRequest;
import io.haven.rest.dto.PolicyDeleted;
import io.haven.rest.dto.ScriptSettingsRequest;
import io.haven.api.model.AccountDraft;
import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.DisabledWindow;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Page;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicyTarget;
import io.haven.api.model.Schedule;
import io.haven.api.model.TargetTypeInfo;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetSpec;
import io.haven.rest.dto.ApiKeyCreated;
import io.haven.rest.dto.ApiKeyRequest;
import io.haven.rest.dto.PolicyRequest;
import io.haven.rest.dto.RunAccepted;
import io.haven.rest.dto.ScheduleRequest;
import io.haven.rest.json.HavenJson;
import io.haven.rest.problem.Problem;
import io.haven.rest.resources.OpenApiResource;
import io.haven.rest.testing.InMemoryApi;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
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

    private static final ObjectMapper MAPPER = HavenJson.newMapper();

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

    /**
     * The cursor's schema is exactly core's form check (decision 0035), so that the fuzzer's schema-valid cursors reach
     * core's real checks and its invalid ones (such as {@code 0}) are refused as the document says; a page's next
     * cursor is of the same form.
     */
    @Test
    void theCursorIsDescribedByCoresPattern() {
        JsonNode cursor = null;
        for (JsonNode parameter : document.at("/paths/~1backups/get/parameters")) {
            if (parameter.get("name").asText().equals("cursor")) {
                cursor = parameter.get("schema");
            }
        }
        assertThat(cursor).isNotNull();
        assertThat(cursor.get("pattern").asText()).isEqualTo(io.haven.api.model.BackupQuery.CURSOR_PATTERN);
        assertThat(cursor.get("minLength").asInt()).isEqualTo(16);
        assertThat(cursor.get("maxLength").asInt()).isEqualTo(512);
        assertThat(io.haven.api.model.BackupQuery.CURSOR_PATTERN).endsWith("{16,512}$");
        assertThat(document.at("/components/schemas/BackupPage/properties/next/pattern").asText())
                .isEqualTo(io.haven.api.model.BackupQuery.CURSOR_PATTERN);
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
            // Signing in is public, and its wrong password is a 401 like any other.
            boolean signIn = "signIn".equals(op.getValue().path("operationId").asText());
            assertThat(op.getValue().get("responses").has("401")).as(name).isNotEqualTo(isPublic && !signIn);
        }));
    }

    @Test
    void onlyTheDocumentItselfSigningInAndWhetherTheIdentityProviderIsOfferedArePublic() {
        List<String> publicOps = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().has("security")) {
                publicOps.add(path.getKey());
            }
        }));
        assertThat(publicOps).containsExactlyInAnyOrder("/session", "/openapi.json", "/session/identity-provider");
        assertThat(document.get("security")).isNotEmpty();
    }

    /**
     * Schemas that mirror a record list exactly the properties our mapper writes for it, so a changed
     * record or a changed mix-in shows up here. Asking the mapper, not the record, is what makes the
     * flattened {@code spec} of Policy, Schedule and PolicyTarget (json.FlatSpecs) count as top-level fields.
     */
    @Test
    void schemasMatchTheRecordsTheyDescribe() {
        Map<String, Class<? extends Record>> schemas = Map.ofEntries(
                Map.entry("Problem", Problem.class),
                Map.entry("Account", Account.class),
                Map.entry("AccountDraft", AccountDraft.class),
                Map.entry("TargetTypeInfo", TargetTypeInfo.class),
                Map.entry("TargetOption", io.haven.api.target.TargetOption.class),
                Map.entry("TargetOptionsRequest", io.haven.rest.dto.TargetOptionsRequest.class),
                Map.entry("Resource", Resource.class),
                Map.entry("DisabledWindow", DisabledWindow.class),
                Map.entry("ScheduleRequest", ScheduleRequest.class),
                Map.entry("Schedule", Schedule.class),
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
                Map.entry("ApiKeyCreated", ApiKeyCreated.class),
                Map.entry("ApiKey", io.haven.api.model.ApiKey.class),
                Map.entry("PasswordChange", io.haven.rest.dto.PasswordChange.class),
                Map.entry("ScriptSettingsRequest", ScriptSettingsRequest.class),
                Map.entry("ScriptSettings", ScriptSettings.class),
                Map.entry("Frozen", Frozen.class),
                Map.entry("FreezeRequest", FreezeRequest.class),
                Map.entry("ScriptRun", ScriptRun.class),
                Map.entry("Alert", Alert.class),
                Map.entry("AlertsKey", io.haven.api.model.AlertsKey.class),
                Map.entry("NotifierRequest", io.haven.rest.dto.NotifierRequest.class),
                Map.entry("NotifierInfo", io.haven.api.model.NotifierInfo.class),
                Map.entry("NotifierSetting", io.haven.api.model.NotifierSetting.class),
                Map.entry("NotifierTypeInfo", io.haven.api.model.NotifierTypeInfo.class),
                Map.entry("Delivery", io.haven.api.model.Delivery.class),
                Map.entry("PolicyDeleted", PolicyDeleted.class),
                Map.entry("RecoveryOption", io.haven.api.recovery.RecoveryOption.class),
                Map.entry("Artifact", io.haven.api.target.Artifact.class),
                Map.entry("Recoverable", io.haven.api.recovery.Recoverable.class),
                Map.entry("RecoveryPanel", io.haven.api.model.RecoveryPanel.class),
                Map.entry("RecoveryCredentials", io.haven.api.model.RecoveryCredentials.class),
                Map.entry("RecoveryRequest", io.haven.api.model.RecoveryRequest.class),
                Map.entry("Recovery", io.haven.api.model.Recovery.class),
                Map.entry("RecoveredItem", io.haven.api.model.RecoveredItem.class),
                Map.entry("FoundResource", io.haven.rest.dto.FoundResource.class),
                Map.entry("AuditEntry", io.haven.api.model.AuditEntry.class),
                Map.entry("AuditPage", io.haven.api.model.AuditPage.class),
                Map.entry("Dashboard", io.haven.api.model.Dashboard.class),
                Map.entry("ScanResourcesRequest", io.haven.rest.dto.ScanResourcesRequest.class),
                Map.entry("TagScanSettings", io.haven.api.model.TagScanSettings.class),
                Map.entry("TagScanLog", io.haven.api.model.TagScanLog.class),
                Map.entry("TagScanEntry", io.haven.api.model.TagScanEntry.class),
                Map.entry("DrCopy", io.haven.api.model.DrCopy.class),
                Map.entry("DrSettings", io.haven.api.model.DrSettings.class),
                Map.entry("DrSettingsRequest", io.haven.rest.dto.DrSettingsRequest.class));
        schemas.forEach((name, type) -> {
            JsonNode schema = schema(name);
            assertThat(documentedProperties(schema)).as(name).isEqualTo(jsonProperties(type));
            assertThat(documentedProperties(schema)).as(name + " required")
                    .containsAll(names(schema.path("required")));
        });
    }

    /** The check above must see through the flattening without hiding a missing field. */
    @Test
    void aSchemaLackingAFlattenedFieldDoesNotMatch() {
        assertThat(jsonProperties(Policy.class)).containsExactlyInAnyOrder("id", "name", "accountId",
                "description", "enabled", "generations", "scheduleIds", "retries", "retryWaitMinutes",
                "autoRemoveTargets", "successCriterion", "failuresToAlert", "scripts", "dr", "created", "lastRecovered",
                "madeByTagScan");
        assertThat(jsonProperties(Schedule.class)).containsExactlyInAnyOrder("id", "name", "description",
                "every", "unit", "start", "end", "weekdays", "disabledWindows", "nextRun");

        ObjectNode policy = schema("Policy").deepCopy();
        ((ObjectNode) policy.get("properties")).remove("retryWaitMinutes");
        assertThat(documentedProperties(policy)).isNotEqualTo(jsonProperties(Policy.class));

        ObjectNode schedule = schema("Schedule").deepCopy();
        ((ObjectNode) schedule.get("properties")).remove("nextRun");
        assertThat(documentedProperties(schedule)).isNotEqualTo(jsonProperties(Schedule.class));
    }

    /** An unused schema is either dead weight or a forgotten $ref; both mislead a client author. */
    @Test
    void everySchemaIsReferenced() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        Set<String> schemas = names(document.get("components").get("schemas"));
        schemas.removeIf(name -> refs.contains("#/components/schemas/" + name));
        assertThat(schemas).isEmpty();
    }

    @Test
    void theServedDocumentIsTheBundledOne() {
        InMemoryApi api = new InMemoryApi();

        JsonNode served = api.anonymous("GET", "v1/openapi.json").send().json();

        assertThat(served).isEqualTo(document);
        assertThat(served.get("servers").get(0).get("url").asText()).isEqualTo("/api" + VERSION_PREFIX);
    }

    private JsonNode schema(String name) {
        JsonNode schema = document.get("components").get("schemas").get(name);
        assertThat(schema).as(name).isNotNull();
        return schema;
    }

    private static Set<String> documentedProperties(JsonNode schema) {
        return names(schema.get("properties"));
    }

    /** Field names of an object, or the texts of an array. */
    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(item -> names.add(item.asText()));
        } else {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /**
     * The properties that the REST API's mapper writes for a type, taken from its serializer: an
     * unwrapped property contributes the properties of its value instead of its own name.
     */
    private static Set<String> jsonProperties(Class<?> type) {
        Set<String> names = new TreeSet<>();
        JsonObjectFormatVisitor collector = new JsonObjectFormatVisitor.Base() {
            @Override
            public void property(BeanProperty property) {
                names.add(property.getName());
            }

            @Override
            public void optionalProperty(BeanProperty property) {
                names.add(property.getName());
            }
        };
        try {
            MAPPER.acceptJsonFormatVisitor(type, new JsonFormatVisitorWrapper.Base() {
                @Override
                public JsonObjectFormatVisitor expectObjectFormat(JavaType objectType) {
                    return collector;
                }
            });
        } catch (JsonMappingException e) {
            throw new IllegalStateException(e);
        }
        assertThat(names).as(type.getSimpleName() + " written as an object").isNotEmpty();
        return names;
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
