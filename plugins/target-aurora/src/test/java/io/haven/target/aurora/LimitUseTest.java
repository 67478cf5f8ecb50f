package io.haven.target.aurora;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;

/** Resource limits (guide 16.2, decision 0026): what the type's resources count toward, read from what it reports. */
class LimitUseTest {

    private final TargetType type = new AuroraClusterTargetType();

    /** An Aurora cluster counts toward the RDS limit in 10 GiB steps. */
    @Test
    void countsTowardItsLimitWhatItReports() {
        Resource cluster = ClusterResources.resourceOf(DBCluster.builder().dbClusterIdentifier("c-1")
                .engine("aurora-mysql").allocatedStorage(11).build(), "us-east-1");

        assertThat(type.limitCategory()).as("Aurora counts toward the RDS limit").contains(LimitCategory.RDS_GIB);
        assertThat(type.limitUse(cluster)).as("in 10 GiB steps").hasValue(20);
    }
}
