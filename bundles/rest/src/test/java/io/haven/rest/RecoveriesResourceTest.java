package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

class RecoveriesResourceTest {

    private static final String SECRET = "wJalrXUtnFEMI-other-secret";

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void thePanelListsWhatCanBeRecoveredWithDefaults() {
        JsonNode panel = api.call("GET", "v1/backups/100/recovery").send().json();

        assertThat(panel.get("backup").get("id").asLong()).isEqualTo(100);
        JsonNode volume = panel.get("recoverables").get(0);
        assertThat(volume.get("key").asText()).isEqualTo("vol-1");
        assertThat(volume.get("options").get(0).get("name").asText()).isEqualTo("sizeGiB");
        assertThat(volume.get("options").get(0).get("defaultValue").asText()).isEqualTo("8");
        assertThat(volume.get("options").get(1).get("allowed").get(1).asText()).isEqualTo("gp3");
        assertThat(panel.get("unavailable").get(0).asText()).isEqualTo("widget");
        // The option the AMI assistant fills says so, for the console to offer it beside the field
        JsonNode imageId = panel.get("recoverables").get(1).get("options").get(0);
        assertThat(imageId.get("name").asText()).isEqualTo("imageId");
        assertThat(imageId.get("lookup").asText()).isEqualTo("images");
        assertThat(imageId.get("regionBound").asBoolean()).isTrue();
        assertThat(volume.get("options").get(0).get("lookup").isNull()).isTrue();
        assertThat(api.call("GET", "v1/backups/5/recovery").send().status()).isEqualTo(404);
    }

    @Test
    void aRecoveryIsAcceptedWithItsLocationAndOtherCredentialsAreNeverEchoed() {
        Reply reply = api.call("POST", "v1/backups/100/recovery").json("{'key': 'vol-1', 'choices': {'sizeGiB': '20'}, "
                + "'credentials': {'accessKeyId': 'AKIAOTHER', 'secretAccessKey': '" + SECRET + "'}}").send();

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.header("Location")).isEqualTo(InMemoryApi.BASE + "v1/recoveries/7");
        assertThat(reply.json().get("withOtherCredentials").asBoolean()).isTrue();
        assertThat(reply.body()).doesNotContain(SECRET).doesNotContain("AKIAOTHER");
        assertThat(api.recoveries.lastRequest.credentials().secretAccessKey()).isEqualTo(SECRET);
        assertThat(api.recoveries.lastRequest.credentials().toString()).doesNotContain(SECRET);
        assertThat(api.recoveries.lastRequest.choices()).containsEntry("sizeGiB", "20");
    }

    /** Guide 11.5: the DR account's copies, by ?drAccountId= on the panel and drAccountId in the request. */
    @Test
    void theDrAccountIsPassedToCoreFromTheQueryAndTheBody() {
        JsonNode panel = api.call("GET", "v1/backups/100/recovery?drAccountId=3").send().json();
        assertThat(panel.get("drAccountId").asLong()).isEqualTo(3);
        assertThat(panel.get("drAccountRegions").get(0).asText()).isEqualTo("us-west-2");
        Reply refused = api.call("GET", "v1/backups/100/recovery?drAccountId=404").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("drAccountId");

        Reply reply = api.call("POST", "v1/backups/100/recovery").json("{'key': 'vol-1', 'drAccountId': 3}").send();
        assertThat(reply.status()).isEqualTo(202);
        assertThat(api.recoveries.lastRequest.drAccountId()).isEqualTo(3L);
    }

    /** Guide 10.5: another account of the user, by ?targetAccountId= on the panel and targetAccountId in the request. */
    @Test
    void theTargetAccountIsOfferedAndPassedToCore() {
        JsonNode panel = api.call("GET", "v1/backups/100/recovery").send().json();
        assertThat(panel.get("targetAccountId").isNull()).isTrue();
        assertThat(panel.get("targetAccounts").get(0).get("name").asText()).isEqualTo("staging");
        assertThat(api.call("GET", "v1/backups/100/recovery?targetAccountId=2").send().json().get("targetAccountId")
                .asLong()).isEqualTo(2);
        Reply refused = api.call("GET", "v1/backups/100/recovery?targetAccountId=9").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("targetAccountId");

        Reply reply = api.call("POST", "v1/backups/100/recovery").json("{'key': 'vol-1', 'targetAccountId': 2}").send();
        assertThat(reply.status()).isEqualTo(202);
        assertThat(api.recoveries.lastRequest.targetAccountId()).isEqualTo(2L);
    }

    @Test
    void aRefusedChoiceIsA400NamingTheOption() {
        Reply reply = api.call("POST", "v1/backups/100/recovery").json("{'key': 'vol-1', 'choices': {'sizeGiB': '1'}}")
                .send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("sizeGiB");
        assertThat(reply.json().get("detail").asText()).contains("never shrink");
    }

    @Test
    void theMonitorShowsRecoveriesWhatTheyCreatedAndTheirLog() {
        assertThat(api.call("GET", "v1/recoveries?policyId=1").send().json().get(0).get("id").asLong()).isEqualTo(7);
        assertThat(api.call("GET", "v1/recoveries/7").send().json().get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(api.call("GET", "v1/recoveries/8").send().status()).isEqualTo(404);
        JsonNode resource = api.call("GET", "v1/recoveries/7/resources").send().json().get(0);
        assertThat(resource.get("awsId").asText()).isEqualTo("vol-new");
        assertThat(resource.get("details").get("zone").asText()).isEqualTo("us-east-1a");
        assertThat(api.call("GET", "v1/recoveries/7/log").send().json().get(0).get("message").asText())
                .isEqualTo("Created volume vol-new");
        assertThat(api.call("GET", "v1/recoveries?backupId=x").send().status()).isEqualTo(400);
    }

    @Test
    void theAmiAssistantShowsTheRecordedImageAndSearches() {
        assertThat(api.call("GET", "v1/backups/100/recovery/i-1/image").send().json().get("name").asText())
                .isEqualTo("web-base");
        JsonNode found = api.call("GET", "v1/backups/100/recovery/i-1/images?region=eu-west-1&match=exact").send().json();
        assertThat(found.get(0).get("region").asText()).isEqualTo("eu-west-1");
        assertThat(api.recoveries.lastExactOnly).isTrue();
        assertThat(api.call("GET", "v1/backups/100/recovery/i-1/images?match=close").send().status()).isEqualTo(400);
    }

    /** Guide 10.5, 11.5: the assistant searches the account the recovery runs in, checked as the panel checks it. */
    @Test
    void theAmiAssistantSearchesTheDrAccountOrTheTargetAccount() {
        assertThat(api.call("GET", "v1/backups/100/recovery/i-1/images?region=us-west-2&drAccountId=3&targetAccountId=2")
                .send().status()).isEqualTo(200);
        assertThat(api.recoveries.lastImageAccounts).containsExactly(3L, 2L);
        api.call("GET", "v1/backups/100/recovery/i-1/images").send();
        assertThat(api.recoveries.lastImageAccounts).containsExactly(null, null);

        Reply refused = api.call("GET", "v1/backups/100/recovery/i-1/images?targetAccountId=9").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("targetAccountId");
        Reply notAnId = api.call("GET", "v1/backups/100/recovery/i-1/images?drAccountId=vault").send();
        assertThat(notAnId.status()).isEqualTo(400);
        assertThat(notAnId.json().get("field").asText()).isEqualTo("drAccountId");
    }

    /** Issue 11: the recorded image is read where the search runs, with the same parameters checked the same way. */
    @Test
    void theRecordedImageIsReadInTheAccountsOfTheSearch() {
        JsonNode recorded = api.call("GET", "v1/backups/100/recovery/i-1/image?region=us-west-2&drAccountId=3"
                + "&targetAccountId=2").send().json();
        assertThat(recorded.get("id").asText()).isEqualTo("ami-1");
        assertThat(api.recoveries.lastImageAccounts).containsExactly(3L, 2L);
        assertThat(api.recoveries.lastImageRegion).isEqualTo("us-west-2");
        api.call("GET", "v1/backups/100/recovery/i-1/image").send();
        assertThat(api.recoveries.lastImageAccounts).containsExactly(null, null);
        assertThat(api.recoveries.lastImageRegion).isNull();

        Reply refused = api.call("GET", "v1/backups/100/recovery/i-1/image?targetAccountId=9").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("targetAccountId");
        Reply noCopy = api.call("GET", "v1/backups/100/recovery/i-1/image?drAccountId=404").send();
        assertThat(noCopy.status()).isEqualTo(400);
        assertThat(noCopy.json().get("field").asText()).isEqualTo("drAccountId");
        Reply notAnId = api.call("GET", "v1/backups/100/recovery/i-1/image?targetAccountId=staging").send();
        assertThat(notAnId.status()).isEqualTo(400);
        assertThat(notAnId.json().get("field").asText()).isEqualTo("targetAccountId");
        Reply badRegion = api.call("GET", "v1/backups/100/recovery/i-1/image?region=").send();
        assertThat(badRegion.status()).isEqualTo(400);
        assertThat(badRegion.json().get("field").asText()).isEqualTo("region");
    }
}
