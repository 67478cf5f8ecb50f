package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScriptSettings;
import io.haven.api.model.SuccessCriterion;
import io.haven.api.model.TargetRemoval;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoliciesResourceTest {

    private static final String MINIMAL = "{'name': 'daily', 'accountId': 1, 'generations': 7}";
    private static final String TARGET = "{'type': 'ec2-instance', 'region': 'us-east-1', 'resourceId': 'i-0abc', "
            + "'options': {'volumes': 'exclude', 'devices': '/dev/sdf'}}";

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void createFillsTheDefaults() {
        Reply reply = api.call("POST", "v1/policies").json(MINIMAL).send();

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("Location")).isEqualTo(InMemoryApi.BASE + "v1/policies/1");
        PolicySpec spec = api.policies.lastSpec;
        assertThat(spec.retries()).isEqualTo(3);
        assertThat(spec.retryWaitMinutes()).isEqualTo(1);
        assertThat(spec.enabled()).isTrue();
        assertThat(spec.generations()).isEqualTo(7);
        assertThat(spec.scheduleIds()).isEmpty();
        assertThat(spec.autoRemoveTargets()).isEqualTo(TargetRemoval.NO);
        assertThat(spec.successCriterion()).isEqualTo(SuccessCriterion.NO_ISSUES);
        assertThat(spec.failuresToAlert()).isEqualTo(1);
        assertThat(spec.scripts()).isEqualTo(new ScriptSettings(false, 30, false));
        assertThat(spec.dr()).isEqualTo(io.haven.api.model.DrSettings.DISABLED);
    }

    /** Guide 10.1: the DR options travel in a {@code dr} object; absent fields take their defaults. */
    @Test
    void drSettingsAreTakenAndShown() {
        api.call("POST", "v1/policies").json("{'name': 'dr', 'accountId': 2, 'generations': 4, "
                + "'dr': {'enabled': true, 'everyBackups': 3, 'regions': ['us-west-2', 'eu-west-1']}}").send();

        PolicySpec spec = api.policies.lastSpec;
        assertThat(spec.dr()).isEqualTo(new io.haven.api.model.DrSettings(true, 3, List.of("us-west-2", "eu-west-1"), 24));
        JsonNode policy = api.call("GET", "v1/policies/1").send().json();
        assertThat(policy.get("dr").get("everyBackups").asInt()).isEqualTo(3);
        assertThat(policy.get("dr").get("timeoutHours").asInt()).isEqualTo(24);
        assertThat(policy.get("dr").get("regions").get(1).asText()).isEqualTo("eu-west-1");
    }

    @Test
    void policyOptionsAreTakenAndShown() {
        api.call("POST", "v1/policies").json("{'name': 'db', 'accountId': 2, 'generations': 4, "
                + "'autoRemoveTargets': 'YES_AND_ALERT', 'successCriterion': 'SNAPSHOTS_SUCCEED', 'failuresToAlert': 3, "
                + "'scripts': {'enabled': true, 'timeoutSeconds': 90}}").send();

        PolicySpec spec = api.policies.lastSpec;
        assertThat(spec.autoRemoveTargets()).isEqualTo(TargetRemoval.YES_AND_ALERT);
        assertThat(spec.successCriterion()).isEqualTo(SuccessCriterion.SNAPSHOTS_SUCCEED);
        assertThat(spec.failuresToAlert()).isEqualTo(3);
        assertThat(spec.scripts()).isEqualTo(new ScriptSettings(true, 90, false));
        JsonNode policy = api.call("GET", "v1/policies/1").send().json();
        assertThat(policy.get("autoRemoveTargets").asText()).isEqualTo("YES_AND_ALERT");
        assertThat(policy.get("scripts").get("timeoutSeconds").asInt()).isEqualTo(90);
        assertThat(policy.get("scripts").get("collectOutput").asBoolean()).isFalse();
    }

    @Test
    void anUnknownOptionValueIsA400NamingTheField() {
        Reply reply = api.call("POST", "v1/policies").json("{'name': 'db', 'accountId': 2, 'generations': 4, "
                + "'autoRemoveTargets': 'MAYBE'}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("autoRemoveTargets");
        assertThat(api.policies.lastSpec).isNull();
    }

    @Test
    void deletingAPolicyWithBackupsNeedsTheFlag() {
        api.call("POST", "v1/policies").json(MINIMAL).send();
        api.policies.unfrozenBackups.put(1L, 4);

        Reply refused = api.call("DELETE", "v1/policies/1").send();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("4 backups");
        assertThat(api.call("GET", "v1/policies/1").send().status()).isEqualTo(200);
        assertThat(api.call("DELETE", "v1/policies/1?deleteBackups=perhaps").send().status()).isEqualTo(400);

        Reply deleted = api.call("DELETE", "v1/policies/1?deleteBackups=true").send();
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("backupsDeleted").asInt()).isEqualTo(4);
        assertThat(api.call("GET", "v1/policies/1").send().status()).isEqualTo(404);
    }

    @Test
    void givenValuesWinOverDefaults() {
        api.call("POST", "v1/policies").json("{'name': 'weekly', 'accountId': 2, 'description': 'd', "
                + "'enabled': false, 'generations': 4, 'scheduleIds': [3, 5], 'retries': 0, 'retryWaitMinutes': 10}")
                .send();

        assertThat(api.policies.lastSpec).isEqualTo(new PolicySpec("weekly", 2, "d", false, 4, List.of(3L, 5L), 0, 10));
    }

    @Test
    void thePolicyJsonIsCamelCaseWithAnIsoCreationTime() {
        JsonNode policy = api.call("POST", "v1/policies").json(MINIMAL).send().json();

        assertThat(policy.get("id").asLong()).isEqualTo(1);
        assertThat(policy.get("created").asText()).isEqualTo("2025-02-01T10:15:30Z");
        assertThat(policy.get("accountId").asLong()).isEqualTo(1);
        assertThat(policy.get("retryWaitMinutes").asInt()).isEqualTo(1);
        assertThat(policy.get("scheduleIds").isArray()).isTrue();
    }

    /** What GET returns has the request's shape, flat, plus id and creation time: no nested spec. */
    @Test
    void aFetchedPolicyIsFlatWithEveryField() {
        api.call("POST", "v1/policies").json("{'name': 'weekly', 'accountId': 2, 'description': 'd', "
                + "'enabled': false, 'generations': 4, 'scheduleIds': [3, 5], 'retries': 0, 'retryWaitMinutes': 10}")
                .send();

        Reply reply = api.call("GET", "v1/policies/1").send();

        assertThat(reply.status()).isEqualTo(200);
        JsonNode policy = reply.json();
        assertThat(policy.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "name", "accountId",
                "description", "enabled", "generations", "scheduleIds", "retries", "retryWaitMinutes",
                "autoRemoveTargets", "successCriterion", "failuresToAlert", "scripts", "dr", "created", "lastRecovered",
                "madeByTagScan");
        assertThat(policy.get("id").asLong()).isEqualTo(1);
        assertThat(policy.get("name").asText()).isEqualTo("weekly");
        assertThat(policy.get("accountId").asLong()).isEqualTo(2);
        assertThat(policy.get("description").asText()).isEqualTo("d");
        assertThat(policy.get("enabled").isBoolean()).isTrue();
        assertThat(policy.get("enabled").asBoolean()).isFalse();
        assertThat(policy.get("generations").asInt()).isEqualTo(4);
        assertThat(policy.get("scheduleIds")).extracting(JsonNode::asLong).containsExactly(3L, 5L);
        assertThat(policy.get("retries").isInt()).isTrue();
        assertThat(policy.get("retries").asInt()).isZero();
        assertThat(policy.get("retryWaitMinutes").asInt()).isEqualTo(10);
        assertThat(policy.get("created").asText()).isEqualTo("2025-02-01T10:15:30Z");
    }

    @Test
    void aPolicyWithoutDescriptionStillHasTheField() {
        api.call("POST", "v1/policies").json(MINIMAL).send();

        JsonNode policy = api.call("GET", "v1/policies/1").send().json();

        assertThat(policy.has("description")).isTrue();
        assertThat(policy.get("description").isNull()).isTrue();
    }

    @Test
    void aMissingAccountIsReported() {
        Reply reply = api.call("POST", "v1/policies").json("{'name': 'daily', 'generations': 7}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("accountId");
    }

    @Test
    void listGetUpdateDelete() {
        api.call("POST", "v1/policies").json(MINIMAL).send();

        assertThat(api.call("GET", "v1/policies").send().json().get(0).get("name").asText())
                .isEqualTo("daily");
        assertThat(api.call("GET", "v1/policies/1").send().status()).isEqualTo(200);

        Reply updated = api.call("PUT", "v1/policies/1").json("{'name': 'daily', 'accountId': 1, 'generations': 9}").send();
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("generations").asInt()).isEqualTo(9);
        assertThat(api.policies.lastSpec.retries()).isEqualTo(3);

        assertThat(api.call("DELETE", "v1/policies/1").send().status()).isEqualTo(200);
        assertThat(api.call("GET", "v1/policies/1").send().status()).isEqualTo(404);
    }

    @Test
    void changingTheAccountIsRefused() {
        api.call("POST", "v1/policies").json(MINIMAL).send();

        Reply reply = api.call("PUT", "v1/policies/1").json("{'name': 'daily', 'accountId': 2, 'generations': 7}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("accountId");
    }

    @Test
    void severalTargetsAreAddedInOneRequest() {
        api.call("POST", "v1/policies").json(MINIMAL).send();

        Reply added = api.call("POST", "v1/policies/1/target-batch").json("{'targets': [" + TARGET + ", "
                + TARGET.replace("i-0abc", "i-0def") + "]}").send();

        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json()).extracting(t -> t.get("resourceId").asText()).containsExactly("i-0abc", "i-0def");
        assertThat(api.call("GET", "v1/policies/1/targets").send().json().size()).isEqualTo(2);
        assertThat(api.call("POST", "v1/policies/1/target-batch").send().status()).isEqualTo(400);
    }

    @Test
    void targetsAreAddedListedFetchedAndRemoved() {
        api.call("POST", "v1/policies").json(MINIMAL).send();

        Reply created = api.call("POST", "v1/policies/1/targets").json(TARGET).send();
        assertThat(created.status()).isEqualTo(201);
        long targetId = created.json().get("id").asLong();
        assertThat(created.header("Location")).isEqualTo(InMemoryApi.BASE + "v1/policies/1/targets/" + targetId);
        JsonNode target = created.json();
        assertThat(target.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("id", "policyId", "type", "region", "resourceId", "options", "available");
        assertThat(target.get("policyId").asLong()).isEqualTo(1);
        assertThat(target.get("available").asBoolean()).isTrue();
        assertThat(target.get("resourceId").asText()).isEqualTo("i-0abc");
        assertThat(target.get("options").get("volumes").asText()).isEqualTo("exclude");

        var stored = api.policies.targets(null, 1).get(0).spec();
        assertThat(stored.type()).isEqualTo("ec2-instance");
        assertThat(stored.options()).isEqualTo(Map.of("volumes", "exclude", "devices", "/dev/sdf"));

        assertThat(api.call("GET", "v1/policies/1/targets").send().json().size()).isEqualTo(1);
        assertThat(api.call("GET", "v1/policies/1/targets/" + targetId).send().json().get("id").asLong())
                .isEqualTo(targetId);

        assertThat(api.call("DELETE", "v1/policies/1/targets/" + targetId).send().status()).isEqualTo(204);
        assertThat(api.call("GET", "v1/policies/1/targets").send().json().size()).isZero();
        assertThat(api.call("GET", "v1/policies/1/targets/" + targetId).send().status()).isEqualTo(404);
    }

    /** Guide 13, "Pitfalls": a change by hand that the resource's cpm backup tag contradicts is made, with its warnings. */
    @Test
    void tagWarningsComeWithTheAddOrTheRemovalThatTheTagContradicts() {
        api.call("POST", "v1/policies").json(MINIMAL).send();
        var warning = new io.haven.api.model.TagWarning("ec2-instance", "us-east-1", "i-0abc", "web", "no-backup",
                io.haven.api.model.TagWarning.NextScan.REMOVE, "the next tag scan will remove it");
        api.policies.addWarnings = java.util.List.of(warning);

        Reply created = api.call("POST", "v1/policies/1/targets").json(TARGET).send();

        assertThat(created.status()).isEqualTo(201);
        JsonNode said = created.json().get("warnings");
        assertThat(said.size()).isEqualTo(1);
        assertThat(said.get(0).get("resourceId").asText()).isEqualTo("i-0abc");
        assertThat(said.get(0).get("tagValue").asText()).isEqualTo("no-backup");
        assertThat(said.get(0).get("nextScan").asText()).isEqualTo("REMOVE");
        assertThat(said.get(0).get("message").asText()).isEqualTo("the next tag scan will remove it");
        assertThat(api.call("GET", "v1/policies/1/targets").send().json().get(0).has("warnings"))
                .as("a target as read has no warnings").isFalse();

        long targetId = created.json().get("id").asLong();
        api.policies.removalWarnings = java.util.List.of(new io.haven.api.model.TagWarning("ec2-instance", "us-east-1",
                "i-0abc", "web", "web", io.haven.api.model.TagWarning.NextScan.ADD_AGAIN, "it will be added again"));
        Reply removed = api.call("DELETE", "v1/policies/1/targets/" + targetId).send();

        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().get("warnings").get(0).get("nextScan").asText()).isEqualTo("ADD_AGAIN");
        assertThat(removed.json().get("warnings").get(0).get("tagValue").asText()).isEqualTo("web");
        assertThat(api.call("GET", "v1/policies/1/targets").send().json().size()).as("removed all the same").isZero();
    }

    /** PUT replaces a target's options; the service's refusal is a 400 naming the option, and nothing changes. */
    @Test
    void aTargetsOptionsAreReplacedAndARefusalNamesTheOption() {
        api.call("POST", "v1/policies").json(MINIMAL).send();
        long targetId = api.call("POST", "v1/policies/1/targets").json(TARGET).send().json().get("id").asLong();
        String path = "v1/policies/1/targets/" + targetId;

        Reply changed = api.call("PUT", path).json("{'options': {'backupMode': 'ami', 'reboot': 'true'}}").send();
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("id").asLong()).isEqualTo(targetId);
        assertThat(changed.json().get("resourceId").asText()).isEqualTo("i-0abc");
        assertThat(api.policies.targets(null, 1).get(0).spec().options())
                .isEqualTo(Map.of("backupMode", "ami", "reboot", "true"));
        assertThat(api.call("GET", path).send().json().get("options").get("reboot").asText()).isEqualTo("true");

        Reply refused = api.call("PUT", path).json("{'options': {'backupMode': 'sometimes'}}").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("field").asText()).isEqualTo("options.backupMode");
        assertThat(api.policies.targets(null, 1).get(0).spec().options())
                .isEqualTo(Map.of("backupMode", "ami", "reboot", "true"));

        // The field is required (an absent one must not reset them), and nothing else is taken
        Reply missing = api.call("PUT", path).json("{}").send();
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("options");
        Reply extra = api.call("PUT", path).json("{'options': {}, 'resourceId': 'i-0def'}").send();
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.json().get("field").asText()).isEqualTo("resourceId");
        assertThat(api.call("PUT", path).send().status()).isEqualTo(400);
        assertThat(api.policies.targets(null, 1).get(0).spec().resourceId()).isEqualTo("i-0abc");

        assertThat(api.call("PUT", "v1/policies/1/targets/999").json("{'options': {}}").send().status()).isEqualTo(404);
        assertThat(api.call("PUT", "v1/policies/7/targets/" + targetId).json("{'options': {}}").send().status())
                .isEqualTo(404);

        Reply defaults = api.call("PUT", path).json("{'options': {}}").send();
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.json().get("options").size()).isZero();

        // Audited as every change is (decision 23): the operation's template, the path, and how it ended
        assertThat(api.audit.recorded).filteredOn(e -> e.event().equals("PUT /policies/{id}/targets/{targetId}"))
                .extracting(io.haven.api.model.AuditEntry::outcome)
                .containsExactly("succeeded", "failed: 400 bad request (options.backupMode)", "failed: 400 bad request (options)",
                        "failed: 400 bad request (resourceId)", "failed: 400 bad request (body)", "failed: 404 not found",
                        "failed: 404 not found", "succeeded");
    }

    @Test
    void aTargetWithoutOptionsHasAnEmptyMap() {
        api.call("POST", "v1/policies").json(MINIMAL).send();

        Reply reply = api.call("POST", "v1/policies/1/targets")
                .json("{'type': 'ebs-volume', 'region': 'us-east-1', 'resourceId': 'vol-1'}").send();

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("options").size()).isZero();
    }

    @Test
    void aTypoInATargetIsNamed() {
        api.call("POST", "v1/policies").json(MINIMAL).send();

        Reply reply = api.call("POST", "v1/policies/1/targets")
                .json("{'type': 'ebs-volume', 'region': 'us-east-1', 'resourceID': 'vol-1'}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("resourceID");
    }

    @Test
    void runAnswers202WithTheBackupIdAndItsLocation() {
        api.call("POST", "v1/policies").json(MINIMAL).send();

        Reply reply = api.call("POST", "v1/policies/1/run").send();

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().get("backupId").asLong()).isEqualTo(100);
        assertThat(reply.json().size()).isEqualTo(1);
        assertThat(reply.header("Location")).isEqualTo(InMemoryApi.BASE + "v1/backups/100");
        assertThat(api.policies.running).containsExactly(1L);
    }

    @Test
    void runningAnUnknownPolicyIs404() {
        assertThat(api.call("POST", "v1/policies/9/run").send().status()).isEqualTo(404);
    }
}
