package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.TagScanSettings;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

/** The REST shape of tag scanning (guide 13); who may do what is AuthorizationMatrixTest's, over core's rules. */
class TagScansResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void settingsNeedBothFieldsAndNothingChangesWithoutThem() {
        for (String body : new String[] {"{'enabled': true}", "{'intervalHours': 6}", "{'enabled': true, 'intervalHours': null}"}) {
            Reply reply = api.call("PUT", "v1/tag-scan-settings").json(body).send();
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.json().get("field").asText()).as(body).isIn("enabled", "intervalHours");
        }
        Reply unknown = api.call("PUT", "v1/tag-scan-settings").json("{'enabled': true, 'intervalHours': 6, 'x': 1}").send();
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(api.tagScans.updates).isEmpty();
    }

    @Test
    void aValidBodyReachesCoreWhichRefusesAnyoneButRoot() {
        Reply reply = api.call("PUT", "v1/tag-scan-settings").json("{'enabled': true, 'intervalHours': 6}").send();

        assertThat(reply.status()).isEqualTo(403);
        assertThat(api.tagScans.updates).containsExactly(new TagScanSettings(true, 6));
        assertThat(api.call("POST", "v1/tag-scans").send().status()).isEqualTo(403);
        assertThat(api.call("GET", "v1/tag-scans/last").send().status()).isEqualTo(403);
    }

    @Test
    void scanResourcesIsSetPerAccountAndShownWithIt() {
        api.call("POST", "v1/accounts").json("{'name': 'prod', 'authMethod': 'INSTANCE_ROLE'}").send();
        assertThat(api.call("GET", "v1/accounts/1").send().json().get("scanResources").asBoolean()).isFalse();

        Reply missing = api.call("PUT", "v1/accounts/1/scan-resources").json("{}").send();
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("scanResources");

        Reply on = api.call("PUT", "v1/accounts/1/scan-resources").json("{'scanResources': true}").send();
        assertThat(on.status()).isEqualTo(200);
        assertThat(on.json().get("scanResources").asBoolean()).isTrue();
        assertThat(api.call("GET", "v1/accounts/1").send().json().get("scanResources").asBoolean()).isTrue();
        assertThat(api.call("PUT", "v1/accounts/9/scan-resources").json("{'scanResources': true}").send().status())
                .isEqualTo(404);
    }
}
