package io.haven.target.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBInstance;

/** Resource limits (guide 16.2, decision 0026): what the type's resources count toward, read from what it reports. */
class LimitUseTest {

    private final TargetType type = new RdsInstanceTargetType();

    /** A database counts its allocated storage toward the RDS limit. */
    @Test
    void countsTowardItsLimitWhatItReports() {
        Resource db = DbInstanceResources.resourceOf(DBInstance.builder().dbInstanceIdentifier("db-1").engine("mysql")
                .allocatedStorage(120).build(), "us-east-1");

        assertThat(type.limitCategory()).contains(LimitCategory.RDS_GIB);
        assertThat(type.limitUse(db)).hasValue(120);
    }
}
