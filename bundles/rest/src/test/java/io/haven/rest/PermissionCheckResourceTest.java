package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

class PermissionCheckResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void theReportSaysPerFeatureWhatIsMissingAndHowItWasChecked() {
        api.call("POST", "v1/accounts").json("{'name': 'prod', 'authMethod': 'INSTANCE_ROLE'}").send();

        Reply reply = api.call("POST", "v1/accounts/1/permission-check?region=eu-west-1").send();

        assertThat(reply.status()).isEqualTo(200);
        JsonNode report = reply.json();
        assertThat(report.get("method").asText()).isEqualTo("probes");
        assertThat(report.get("principal").asText()).isEqualTo("arn:aws:iam::123456789012:user/haven");
        assertThat(report.get("checkedAt").asText()).isEqualTo("2025-03-01T10:00:00Z");
        JsonNode volumes = report.get("features").get(0);
        assertThat(volumes.get("id").asText()).isEqualTo("ebs-volume.backup");
        assertThat(volumes.get("complete").asBoolean()).isFalse();
        assertThat(volumes.get("missing").get(0).asText()).isEqualTo("ec2:CreateSnapshot");
        assertThat(report.get("features").get(1).get("unchecked").get(0).asText()).isEqualTo("iam:PassRole");
        assertThat(api.permissions.calls).containsExactly(InMemoryApi.USER + "|1|eu-west-1");
    }

    @Test
    void anAccountThatDoesNotExistIs404() {
        assertThat(api.call("POST", "v1/accounts/7/permission-check").send().status()).isEqualTo(404);
        assertThat(api.permissions.calls).isEmpty();
    }
}
