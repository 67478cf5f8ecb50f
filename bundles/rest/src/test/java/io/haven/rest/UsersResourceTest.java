package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.ResourceLimits;
import io.haven.rest.testing.FakeUserService;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

/** The user JSON carries the resource limits (guide 16.2); the rules about them are core's. */
class UsersResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void aNewUserTakesItsLimitsAndTheAnswerShowsThem() {
        Reply reply = api.call("POST", "v1/users").json("{'username': 'ann', 'password': 'Long-enough-pass-1', "
                + "'type': 'INDEPENDENT', 'limits': {'maxInstances': 2, 'maxEbsGiB': 1500, 'maxDynamoDbGiB': 0}}").send();

        assertThat(reply.status()).isEqualTo(201);
        assertThat(api.users.drafts).singleElement().satisfies(draft -> assertThat(draft.limits())
                .isEqualTo(new ResourceLimits(null, 2L, 1500L, null, null, 0L)));
        assertThat(reply.json().get("limits").get("maxInstances").asLong()).isEqualTo(2);
        assertThat(reply.json().get("limits").get("maxEbsGiB").asLong()).isEqualTo(1500);
        assertThat(reply.json().get("limits").get("maxAccounts").isNull()).isTrue();
        assertThat(reply.body()).doesNotContain("Long-enough-pass-1");
    }

    @Test
    void aUserWithoutLimitsHasNoneAndItsProfileSaysSo() {
        Reply created = api.call("POST", "v1/users").json("{'username': 'bob', 'password': 'Long-enough-pass-1', "
                + "'type': 'MANAGED'}").send();
        assertThat(created.status()).isEqualTo(201);
        assertThat(api.users.drafts.get(0).limits()).isNull();

        Reply session = api.call("GET", "v1/session").send();
        long me = session.json().get("userId").asLong();
        assertThat(me).isEqualTo(FakeUserService.USER_ID);
        Reply profile = api.call("GET", "v1/users/" + me).send();
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.json().get("limits").size()).isEqualTo(6);
        profile.json().get("limits").forEach(limit -> assertThat(limit.isNull()).isTrue());
    }

    @Test
    void anUpdateCarriesLimitsOnlyWhenGiven() {
        long me = FakeUserService.USER_ID;
        assertThat(api.call("PUT", "v1/users/" + me).json("{'email': 'a@example.com'}").send().status()).isEqualTo(200);
        Reply reply = api.call("PUT", "v1/users/" + me).json("{'limits': {'maxRedshiftClusters': 1}}").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(api.users.changes.get(0).limits()).isNull();
        assertThat(api.users.changes.get(1).limits()).isEqualTo(new ResourceLimits(null, null, null, null, 1L, null));
        assertThat(reply.json().get("limits").get("maxRedshiftClusters").asLong()).isEqualTo(1);
    }

    @Test
    void aLimitThatIsNotAWholeNumberOrNotALimitIs400AndReachesNoService() {
        for (String limits : new String[] {"{'maxEbsGiB': '12'}", "{'maxEbsGiB': 1.5}", "{'maxDisks': 3}"}) {
            Reply reply = api.call("PUT", "v1/users/" + FakeUserService.USER_ID).json("{'limits': " + limits + "}").send();

            assertThat(reply.status()).as(limits).isEqualTo(400);
            assertThat(reply.json().get("field").asText()).as(limits).startsWith("limits");
        }
        assertThat(api.users.changes).isEmpty();
    }
}
