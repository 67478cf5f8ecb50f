package io.haven.target.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;

/** Resource limits (guide 16.2, decision 0026): what the type's resources count toward, read from what it reports. */
class LimitUseTest {

    private final TargetType type = new Ec2InstanceTargetType();

    /** An instance counts once toward the instance limit. */
    @Test
    void countsTowardItsLimitWhatItReports() {
        Resource instance = InstanceResources.resourceOf(Instance.builder().instanceId("i-1").build(), "us-east-1");

        assertThat(type.limitCategory()).contains(LimitCategory.INSTANCES);
        assertThat(type.limitUse(instance)).hasValue(1);
    }
}
