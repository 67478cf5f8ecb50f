package io.haven.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.PolicySpec;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.api.target.TargetSpec;
import io.haven.core.FakeTargetType;
import io.haven.core.TestStores;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.store.HavenStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PolicyServiceImplTest {

    private final FakeTargetType fake = new FakeTargetType();
    private final TargetTypeRegistry types = new TargetTypeRegistry();
    private final AtomicInteger replans = new AtomicInteger();
    private HavenStore store;
    private PolicyServiceImpl policies;
    private long accountId;

    @BeforeEach
    void setUp() {
        types.addTargetType(fake);
        store = TestStores.fresh();
        accountId = TestStores.account(store);
        policies = new PolicyServiceImpl(store, types, (account, region) -> TestStores.context(region), null,
                replans::incrementAndGet);
    }

    @Test
    void createsAPolicyWithDefaultsAndWakesTheScheduler() {
        var policy = policies.create(spec("web", 3));
        assertThat(policy.id()).isPositive();
        assertThat(policy.spec().retries()).isEqualTo(3);
        assertThat(policies.find("web")).isEqualTo(policy);
        assertThat(policies.find(String.valueOf(policy.id()))).isEqualTo(policy);
        assertThat(replans).hasValue(1);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        assertThatThrownBy(() -> policies.create(spec("neg", -1)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("generations");
        assertThatThrownBy(() -> policies.create(spec(" ", 1)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("name");
        assertThatThrownBy(() -> policies.create(new PolicySpec("x", accountId, null, true, 1, List.of(99L), 3, 1)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("scheduleIds[0]");
        assertThatThrownBy(() -> policies.create(new PolicySpec("x", 12345, null, true, 1, List.of(), 3, 1)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("accountId");
        assertThat(policies.list()).isEmpty();
    }

    @Test
    void theAccountOfAPolicyCannotChange() {
        var policy = policies.create(spec("fixed", 2));
        long other = TestStores.account(store);
        assertThatThrownBy(() -> policies.update(policy.id(), new PolicySpec("fixed", other, null, true, 2, List.of(), 3, 1)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("accountId");
        assertThat(policies.get(policy.id()).spec().accountId()).isEqualTo(accountId);
    }

    @Test
    void namesAreUnique() {
        policies.create(spec("dup", 1));
        assertThatThrownBy(() -> policies.create(spec("dup", 1))).isInstanceOf(ConflictException.class);
    }

    @Test
    void targetsAreCheckedAgainstInstalledTypesAndTheCloud() {
        var policy = policies.create(spec("t", 1));
        assertThatThrownBy(() -> policies.addTarget(policy.id(), new TargetSpec("nope", "us-east-1", "vol-1", Map.of())))
                .isInstanceOf(ValidationException.class).hasMessageContaining("fake-volume").extracting("field").isEqualTo("type");
        assertThatThrownBy(() -> policies.addTarget(policy.id(), new TargetSpec(fake.id(), "mars-1", "vol-1", Map.of())))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("region");
        assertThatThrownBy(() -> policies.addTarget(policy.id(), new TargetSpec(fake.id(), "us-east-1", "vol-9", Map.of())))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("resourceId");

        var target = policies.addTarget(policy.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of()));
        assertThat(target.available()).isTrue();
        assertThatThrownBy(() -> policies.addTarget(policy.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of())))
                .isInstanceOf(ConflictException.class);

        types.removeTargetType(fake);
        assertThat(policies.targets(policy.id())).singleElement().satisfies(t -> assertThat(t.available()).isFalse());

        policies.removeTarget(policy.id(), target.id());
        assertThat(policies.targets(policy.id())).isEmpty();
        assertThatThrownBy(() -> policies.removeTarget(policy.id(), target.id())).isInstanceOf(NotFoundException.class);
    }

    private PolicySpec spec(String name, int generations) {
        return new PolicySpec(name, accountId, null, true, generations, List.of(), PolicySpec.DEFAULT_RETRIES,
                PolicySpec.DEFAULT_RETRY_WAIT_MINUTES);
    }
}
