package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

class AccountsResourceTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String KEYS_ACCOUNT = "{'name': 'prod', 'authMethod': 'ACCESS_KEYS', "
            + "'accessKeyId': 'AKIAEXAMPLE', 'secretAccessKey': '" + SECRET + "'}";

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void createAnswers201WithLocationAndTheAccountButNeverTheSecret() {
        Reply reply = api.call("POST", "v1/accounts").json(KEYS_ACCOUNT).send();

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("Location")).isEqualTo(InMemoryApi.BASE + "v1/accounts/1");
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        JsonNode account = reply.json();
        assertThat(account.get("id").asLong()).isEqualTo(1);
        assertThat(account.get("name").asText()).isEqualTo("prod");
        assertThat(account.get("authMethod").asText()).isEqualTo("ACCESS_KEYS");
        assertThat(account.get("accessKeyId").asText()).isEqualTo("AKIAEXAMPLE");
        assertThat(account.get("awsAccountId").asText()).isEqualTo("123456789012");
        assertThat(account.get("created").asText()).isEqualTo("2025-01-31T02:00:00Z");
        assertThat(account.has("secretAccessKey")).isFalse();
        assertThat(reply.body()).doesNotContain(SECRET);
    }

    @Test
    void theSecretIsNeverEchoedByListOrGet() {
        api.call("POST", "v1/accounts").json(KEYS_ACCOUNT).send();

        assertThat(api.call("GET", "v1/accounts").send().body()).doesNotContain(SECRET).contains("\"prod\"");
        assertThat(api.call("GET", "v1/accounts/1").send().body()).doesNotContain(SECRET).contains("\"prod\"");
    }

    @Test
    void assumeRoleAccountsCarryTheirRoleFields() {
        api.call("POST", "v1/accounts").json(KEYS_ACCOUNT).send();
        Reply reply = api.call("POST", "v1/accounts").json("{'name': 'dr', 'authMethod': 'ASSUME_ROLE', "
                + "'viaAccountId': 1, 'roleAccountNumber': '210987654321', 'roleName': 'HavenBackup', "
                + "'externalId': 'x-1'}").send();

        assertThat(reply.status()).isEqualTo(201);
        JsonNode account = reply.json();
        assertThat(account.get("viaAccountId").asLong()).isEqualTo(1);
        assertThat(account.get("roleAccountNumber").asText()).isEqualTo("210987654321");
        assertThat(account.get("roleName").asText()).isEqualTo("HavenBackup");
        assertThat(account.get("externalId").asText()).isEqualTo("x-1");
    }

    /** Guide 3.2.1: the type and "allow deleting snapshots" of an account, passed to core and shown. */
    @Test
    void aDrAccountCarriesItsTypeAndWhetherItMayDelete() {
        api.call("POST", "v1/accounts").json(KEYS_ACCOUNT).send();
        Reply dr = api.call("POST", "v1/accounts").json("{'name': 'vault', 'authMethod': 'ASSUME_ROLE', "
                + "'viaAccountId': 1, 'roleAccountNumber': '210987654321', 'roleName': 'HavenDr', 'type': 'DR', "
                + "'allowDeletingSnapshots': false}").send();
        assertThat(dr.status()).isEqualTo(201);
        assertThat(dr.json().get("type").asText()).isEqualTo("DR");
        assertThat(dr.json().get("allowDeletingSnapshots").asBoolean()).isFalse();
        assertThat(api.call("GET", "v1/accounts/1").send().json().get("type").asText()).isEqualTo("BACKUP");

        Reply allowed = api.call("PUT", "v1/accounts/2/allow-deleting-snapshots")
                .json("{'allowDeletingSnapshots': true}").send();
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.json().get("allowDeletingSnapshots").asBoolean()).isTrue();
        Reply refused = api.call("PUT", "v1/accounts/1/allow-deleting-snapshots")
                .json("{'allowDeletingSnapshots': false}").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("allowDeletingSnapshots");
        Reply missing = api.call("PUT", "v1/accounts/2/allow-deleting-snapshots").json("{}").send();
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("allowDeletingSnapshots");
    }

    @Test
    void listAndGet() {
        api.call("POST", "v1/accounts").json(KEYS_ACCOUNT).send();
        api.call("POST", "v1/accounts").json("{'name': 'self', 'authMethod': 'INSTANCE_ROLE'}").send();

        Reply list = api.call("GET", "v1/accounts").send();
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsText("name")).containsExactly("prod", "self");

        Reply one = api.call("GET", "v1/accounts/2").send();
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("authMethod").asText()).isEqualTo("INSTANCE_ROLE");
        assertThat(one.json().get("endpoint").isNull()).isTrue();
    }

    @Test
    void deleteAnswers204AndTheAccountIsGone() {
        api.call("POST", "v1/accounts").json(KEYS_ACCOUNT).send();

        assertThat(api.call("DELETE", "v1/accounts/1").send().status()).isEqualTo(204);
        assertThat(api.call("GET", "v1/accounts/1").send().status()).isEqualTo(404);
    }

    @Test
    void deletingAnAccountInUseIs409() {
        api.call("POST", "v1/accounts").json("{'name': 'in-use', 'authMethod': 'INSTANCE_ROLE'}").send();

        assertThat(api.call("DELETE", "v1/accounts/1").send().status()).isEqualTo(409);
    }

    @Test
    void aDuplicateNameIs409() {
        api.call("POST", "v1/accounts").json(KEYS_ACCOUNT).send();

        assertThat(api.call("POST", "v1/accounts").json(KEYS_ACCOUNT).send().status()).isEqualTo(409);
    }

    @Test
    void discoveryPassesTypeAndRegionThrough() {
        api.call("POST", "v1/accounts").json(KEYS_ACCOUNT).send();
        api.policies.holders.put("vol-1", java.util.List.of("nightly", "web"));

        Reply reply = api.call("GET", "v1/accounts/1/resources?type=ebs-volume&region=eu-west-1").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(api.accounts.discoverCalls).containsExactly("1|ebs-volume|eu-west-1");
        JsonNode resource = reply.json().get(0);
        assertThat(resource.get("id").asText()).isEqualTo("vol-1");
        assertThat(resource.get("region").asText()).isEqualTo("eu-west-1");
        assertThat(resource.get("tags").get("Name").asText()).isEqualTo("data");
        assertThat(resource.get("attributes").get("sizeGiB").asText()).isEqualTo("8");
        assertThat(resource.get("policies")).extracting(JsonNode::asText).containsExactly("nightly", "web");
    }

    @Test
    void discoveryWithoutFiltersPassesNulls() {
        api.call("POST", "v1/accounts").json(KEYS_ACCOUNT).send();

        assertThat(api.call("GET", "v1/accounts/1/resources").send().status()).isEqualTo(200);
        assertThat(api.accounts.discoverCalls).containsExactly("1|null|null");

        // Present but empty is a mistake, not "no filter" (issue 8).
        assertThat(api.call("GET", "v1/accounts/1/resources?type=").send().status()).isEqualTo(400);
        assertThat(api.accounts.discoverCalls).hasSize(1);
    }

    @Test
    void targetTypesAreListed() {
        Reply reply = api.call("GET", "v1/target-types").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get(0).get("id").asText()).isEqualTo("ebs-volume");
        assertThat(reply.json().get(0).get("displayName").asText()).isEqualTo("EBS volume");
        assertThat(reply.json().size()).isEqualTo(2);
        assertThat(reply.json().get(0).get("options").size()).as("EBS volumes take none").isZero();
        var volumes = reply.json().get(1).get("options").get(0);
        assertThat(volumes.get("name").asText()).isEqualTo("volumes");
        assertThat(volumes.get("label").asText()).isEqualTo("Volumes");
        assertThat(volumes.get("kind").asText()).isEqualTo("CHOICE");
        assertThat(volumes.get("defaultValue").asText()).isEqualTo("all");
        assertThat(volumes.get("allowed").toString()).isEqualTo("[\"all\",\"include\",\"exclude\"]");
        var reboot = reply.json().get(1).get("options").get(1);
        assertThat(reboot.get("kind").asText()).isEqualTo("BOOLEAN");
        assertThat(reboot.get("allowed").toString()).isEqualTo("[\"true\",\"false\"]");
    }
}
