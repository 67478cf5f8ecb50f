package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.rest.testing.FakeBackupService;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupsResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void theListIsAPageWithDefaults() {
        Reply reply = api.call("GET", "v1/backups").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(api.backups.lastQuery).isEqualTo(new BackupQuery(null, null, "started", true, 0, 50));
        JsonNode page = reply.json();
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(50);
        assertThat(page.get("total").asLong()).isEqualTo(10_000);
        assertThat(page.get("totalIsLowerBound").asBoolean()).isTrue();
        assertThat(page.get("next").asText()).isEqualTo(FakeBackupService.NEXT);
        JsonNode backup = page.get("items").get(0);
        assertThat(backup.get("id").asLong()).isEqualTo(100);
        assertThat(backup.get("policyId").asLong()).isEqualTo(1);
        assertThat(backup.get("policyName").asText()).isEqualTo("daily");
        assertThat(backup.get("status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(backup.get("trigger").asText()).isEqualTo("SCHEDULE");
        assertThat(backup.get("started").asText()).isEqualTo("2025-03-01T01:00:00Z");
        assertThat(backup.get("ended").asText()).isEqualTo("2025-03-01T01:05:00Z");
    }

    @Test
    void filtersSortingAndPagingArePassedThrough() {
        Reply reply = api.call("GET", "v1/backups?policyId=3&status=failed&sort=policyId&order=asc&page=2&size=10")
                .send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(api.backups.lastQuery).isEqualTo(new BackupQuery(3L, BackupStatus.FAILED, "policyId", false, 2, 10));
        api.call("GET", "v1/backups?frozen=true&q=%20audit%20").send();
        assertThat(api.backups.lastQuery).isEqualTo(new BackupQuery(null, null, "started", true, 0, 50, true, "audit"));
        assertThat(reply.json().get("page").asInt()).isEqualTo(2);
        assertThat(reply.json().get("size").asInt()).isEqualTo(10);
    }

    @ParameterizedTest
    @CsvSource({
        "sort=name, sort",
        "order=up, order",
        "page=-1, page",
        "page=first, page",
        "size=0, size",
        "size=501, size",
        "status=DONE, status",
        "policyId=daily, policyId",
        "frozen=yes, frozen"})
    void invalidParametersAre400NamingThem(String query, String parameter) {
        Reply reply = api.call("GET", "v1/backups?" + query).send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().get("field").asText()).isEqualTo(parameter);
        assertThat(api.backups.lastQuery).isNull();
    }

    /** The cursor goes to core as given, with the filters; the last page's next is null (decision 0035). */
    @Test
    void theNextPageIsAskedForWithTheCursorOfThePageBefore() {
        String next = api.call("GET", "v1/backups?status=failed&size=10").send().json().get("next").asText();
        Reply reply = api.call("GET", "v1/backups?status=failed&size=10&cursor=" + next).send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(api.backups.lastQuery).isEqualTo(new BackupQuery(null, BackupStatus.FAILED, "started", true, 0, 10)
                .withCursor(FakeBackupService.NEXT));
        assertThat(reply.json().get("next").isNull()).isTrue();
        assertThat(reply.json().has("next")).isTrue();
        assertThat(reply.json().get("items").size()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"cursor=0", "cursor=", "cursor=%20" + FakeBackupService.NEXT})
    void aCursorCoreRefusesIsA400NamingIt(String query) {
        Reply reply = api.call("GET", "v1/backups?" + query).send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().get("field").asText()).isEqualTo("cursor");
    }

    @Test
    void oneBackup() {
        Reply reply = api.call("GET", "v1/backups/100").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("message").asText()).isEqualTo("1 snapshot");
        assertThat(api.call("GET", "v1/backups/5").send().status()).isEqualTo(404);
    }

    @Test
    void snapshotsAreTheArtifacts() {
        JsonNode artifact = api.call("GET", "v1/backups/100/snapshots").send().json().get(0);

        assertThat(artifact.get("backupId").asLong()).isEqualTo(100);
        assertThat(artifact.get("targetType").asText()).isEqualTo("ebs-volume");
        assertThat(artifact.get("awsId").asText()).isEqualTo("snap-1");
        assertThat(artifact.get("volumeId").asText()).isEqualTo("vol-1");
        assertThat(artifact.get("completed").asText()).isEqualTo("2025-03-01T01:05:00Z");
    }

    @Test
    void theLog() {
        JsonNode log = api.call("GET", "v1/backups/100/log").send().json();

        assertThat(log.size()).isEqualTo(2);
        assertThat(log.get(0).get("time").asText()).isEqualTo("2025-03-01T01:00:00Z");
        assertThat(log.get(0).get("level").asText()).isEqualTo("INFO");
        assertThat(log.get(1).get("message").asText()).isEqualTo("Backup finished");
    }

    @Test
    void aBackupIsFrozenWithANameAndADescription() {
        Reply reply = api.call("POST", "v1/backups/100/freeze").json("{'name': 'golden', 'description': 'before upgrade'}")
                .send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("frozen").get("name").asText()).isEqualTo("golden");
        assertThat(reply.json().get("frozen").get("description").asText()).isEqualTo("before upgrade");
        assertThat(api.call("GET", "v1/backups/100").send().json().get("frozen").get("name").asText())
                .isEqualTo("golden");
    }

    @Test
    void aTakenFreezerNameIsAConflictAndAMissingOneA400() {
        assertThat(api.call("POST", "v1/backups/100/freeze").json("{'name': 'taken'}").send().status()).isEqualTo(409);
        Reply missing = api.call("POST", "v1/backups/100/freeze").json("{'description': 'x'}").send();
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("name");
        assertThat(api.call("GET", "v1/backups/100").send().json().get("frozen").isNull()).isTrue();
    }

    @Test
    void deletingABackupMarksItDeleted() {
        Reply reply = api.call("DELETE", "v1/backups/100").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("deleted").asText()).isEqualTo("2025-03-01T01:05:00Z");
    }

    @Test
    void scriptRunsAreListed() {
        JsonNode run = api.call("GET", "v1/backups/100/scripts").send().json().get(0);

        assertThat(run.get("phase").asText()).isEqualTo("BEFORE");
        assertThat(run.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(run.get("exitCode").asInt()).isEqualTo(2);
        assertThat(run.get("stderr").asText()).isEqualTo("db busy\n");
    }

    @Test
    void alertsAreListedNewestFirstWithALimit() {
        JsonNode alerts = api.call("GET", "v1/alerts?limit=5").send().json();

        assertThat(api.alerts.lastLimit).isEqualTo(5);
        assertThat(alerts.get(0).get("policyName").asText()).isEqualTo("daily");
        assertThat(alerts.get(1).get("policyId").isNull()).isTrue();
        assertThat(api.call("GET", "v1/alerts?limit=0").send().status()).isEqualTo(400);
    }
}
