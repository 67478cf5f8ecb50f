package io.haven.target.ebs;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Volume;

/** Resource limits (guide 16.2, decision 0026): what the type's resources count toward, read from what it reports. */
class LimitUseTest {

    private final TargetType type = new EbsVolumeTargetType();

    /** EBS volume counts its size toward the non-instance EBS limit. */
    @Test
    void countsTowardItsLimitWhatItReports() {
        Resource volume = VolumeResources.resourceOf(Volume.builder().volumeId("vol-1").size(500).build(), "us-east-1");

        assertThat(type.limitCategory()).contains(LimitCategory.EBS_GIB);
        assertThat(type.limitUse(volume)).hasValue(500);
    }
}
