package io.haven.target.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ListBackups and ListTagsOfResource are followed past their first page (moto never pages them). */
class PaginationTest {

    @Test
    void findByBackupIdReadsEveryPageOfBackupsAndTags() {
        try (PagedDynamoDbEndpoint endpoint = new PagedDynamoDbEndpoint();
             DefaultAwsClients clients = new DefaultAwsClients(AwsSettings.withEndpoint(endpoint.url()))) {
            CloudContext ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")),
                    "eu-west-1");

            List<Artifact> found = new DynamoDbTableTargetType().findByBackupId(ctx, "7");

            assertThat(found).extracting(Artifact::id)
                    .containsExactly(PagedDynamoDbEndpoint.FIRST_BACKUP, PagedDynamoDbEndpoint.SECOND_BACKUP);
            assertThat(TagCodec.decode(found.get(0).detail("tags")))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "team", "data"));
            assertThat(endpoint.requests()).filteredOn(r -> r.startsWith("ListBackups"))
                    .hasSize(2)
                    .satisfies(requests -> {
                        assertThat(requests.get(0)).doesNotContain("ExclusiveStartBackupArn").contains("\"BackupType\":\"USER\"");
                        assertThat(requests.get(1)).contains("\"ExclusiveStartBackupArn\":\"" + PagedDynamoDbEndpoint.FIRST_BACKUP + "\"");
                    });
            assertThat(endpoint.requests()).filteredOn(r -> r.startsWith("ListTagsOfResource"))
                    .anySatisfy(r -> assertThat(r).contains("\"NextToken\":\"page-2\""));
        }
    }
}
