package io.haven.target.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.redshift.model.Cluster;

/** Resource limits (guide 16.2, decision 0026): what the type's resources count toward, read from what it reports. */
class LimitUseTest {

    private final TargetType type = new RedshiftClusterTargetType();

    /** A cluster counts once toward the Redshift cluster limit. */
    @Test
    void countsTowardItsLimitWhatItReports() {
        Resource cluster = RedshiftResources.resourceOf(Cluster.builder().clusterIdentifier("rs-1").numberOfNodes(4)
                .build(), "us-east-1");

        assertThat(type.limitCategory()).contains(LimitCategory.REDSHIFT_CLUSTERS);
        assertThat(type.limitUse(cluster)).hasValue(1);
    }
}
