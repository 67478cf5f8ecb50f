package io.haven.target.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Resource limits (guide 16.2, decision 0026): what the type's resources count toward, read from what it reports. */
class LimitUseTest {

    private final TargetType type = new DynamoDbTableTargetType();

    /** A table counts its size toward the DynamoDB limit in 10 GiB steps. */
    @Test
    void countsTowardItsLimitWhatItReports() {
        Resource table = TableResources.resourceOf(TableDescription.builder().tableName("t-1")
                .tableSizeBytes(11L * 1024 * 1024 * 1024).build(), java.util.Map.of(), "us-east-1");
        Resource unsized = TableResources.resourceOf(TableDescription.builder().tableName("t-2").build(),
                java.util.Map.of(), "us-east-1");

        assertThat(type.limitCategory()).contains(LimitCategory.DYNAMODB_GIB);
        assertThat(type.limitUse(table)).as("in 10 GiB steps").hasValue(20);
        assertThat(type.limitUse(unsized)).as("a size not reported cannot be judged").isEmpty();
    }
}
