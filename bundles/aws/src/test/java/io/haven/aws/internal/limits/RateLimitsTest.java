package io.haven.aws.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.aws.BucketSize;
import io.haven.aws.RateLimitSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;

class RateLimitsTest {

    private final RateLimits limits = new RateLimits(RateLimitSettings.defaults());

    @Test
    void ec2BucketsHaveAwsPublishedSizes() {
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "CreateSnapshot", true).size()).isEqualTo(new BucketSize(100, 5));
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "CreateSnapshots", true).size()).isEqualTo(new BucketSize(100, 5));
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "CreateTags", true).size()).isEqualTo(new BucketSize(100, 10));
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "DescribeSnapshots", false).size()).isEqualTo(new BucketSize(100, 20));
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "DescribeSnapshots", true).size()).isEqualTo(new BucketSize(50, 10));
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "DescribeImages", true).size()).isEqualTo(new BucketSize(100, 20));
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "CreateImage", true).size()).isEqualTo(new BucketSize(50, 5));
    }

    @Test
    void everyAccountRegionAndApiHasItsOwnBucket() {
        TokenBucket bucket = limits.bucket("a", "us-east-1", "Ec2", "CreateSnapshot", true);
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "CreateSnapshot", true)).isSameAs(bucket);
        assertThat(limits.bucket("b", "us-east-1", "Ec2", "CreateSnapshot", true)).isNotSameAs(bucket);
        assertThat(limits.bucket("a", "eu-west-1", "Ec2", "CreateSnapshot", true)).isNotSameAs(bucket);
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "CreateSnapshots", true)).isNotSameAs(bucket);
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "DescribeSnapshots", true))
                .isNotSameAs(limits.bucket("a", "us-east-1", "Ec2", "DescribeSnapshots", false));
    }

    @Test
    void otherServicesArePacedOnlyWhereConfiguredAndNothingWhenOff() {
        assertThat(limits.bucket("a", "us-east-1", "Rds", "CreateDBSnapshot", true)).isNull();
        assertThat(limits.bucket("a", "us-east-1", "Sts", "GetCallerIdentity", true)).isNull();

        RateLimits configured = new RateLimits(RateLimitSettings.parse(true,
                new String[] {"rds:CreateDBSnapshot=50/2", "ec2:CreateSnapshot=200/10", "ec2:mutating=20/1"}));
        assertThat(configured.bucket("a", "r", "Rds", "CreateDBSnapshot", true).size()).isEqualTo(new BucketSize(50, 2));
        assertThat(configured.bucket("a", "r", "Ec2", "CreateSnapshot", true).size()).isEqualTo(new BucketSize(200, 10));
        assertThat(configured.bucket("a", "r", "Ec2", "CreateImage", true).size()).isEqualTo(new BucketSize(20, 1));

        assertThat(new RateLimits(RateLimitSettings.off()).bucket("a", "r", "Ec2", "CreateSnapshot", true)).isNull();
    }

    @Test
    void severalNodesEachPaceForTheirShareOfEveryBucket() {
        TokenBucket whole = limits.bucket("a", "us-east-1", "Ec2", "CreateSnapshot", true);
        limits.share(2);
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "CreateSnapshot", true).size()).isEqualTo(new BucketSize(50, 2.5));
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "DescribeSnapshots", false).size()).isEqualTo(new BucketSize(50, 10));
        limits.share(3);
        BucketSize third = limits.bucket("a", "us-east-1", "Ec2", "CreateSnapshot", true).size();
        assertThat(third.capacity()).isCloseTo(33.33, org.assertj.core.data.Offset.offset(0.01));
        assertThat(third.refillPerSecond()).isCloseTo(1.67, org.assertj.core.data.Offset.offset(0.01));
        TokenBucket shared = limits.bucket("a", "us-east-1", "Ec2", "CreateSnapshot", true);
        limits.share(3);
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "CreateSnapshot", true)).as("unchanged share").isSameAs(shared);
        limits.share(0);
        assertThat(limits.bucket("a", "us-east-1", "Ec2", "CreateSnapshot", true).size()).as("alone again")
                .isEqualTo(whole.size());
    }

    @Test
    void reconfiguringRemakesOnlyTheBucketsWhoseSizeChanged() {
        TokenBucket create = limits.bucket("a", "r", "Ec2", "CreateSnapshot", true);
        TokenBucket tags = limits.bucket("a", "r", "Ec2", "CreateTags", true);

        limits.configure(RateLimitSettings.parse(true, new String[] {"ec2:CreateSnapshot=10/1"}));

        assertThat(limits.bucket("a", "r", "Ec2", "CreateSnapshot", true).size()).isEqualTo(new BucketSize(10, 1));
        assertThat(limits.bucket("a", "r", "Ec2", "CreateTags", true)).isSameAs(tags);
        assertThat(create.size()).isEqualTo(new BucketSize(100, 5));
    }

    @Test
    void badSizesAreRefusedNamingTheLine() {
        assertThatThrownBy(() -> RateLimitSettings.parse(true, new String[] {"CreateSnapshot=100/5"}))
                .hasMessageContaining("'CreateSnapshot=100/5'");
        assertThatThrownBy(() -> RateLimitSettings.parse(true, new String[] {"ec2:CreateSnapshot=100"}))
                .hasMessageContaining("'100'");
        assertThatThrownBy(() -> RateLimitSettings.parse(true, new String[] {"ec2:CreateSnapshot=0/5"}))
                .hasMessageContaining("0.0/5.0");
    }

    @Test
    void throttlingIsReadFromEveryProtocolsErrorDocument() {
        assertThat(RateLimitInterceptor.isThrottling(null, "<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
                + "<Message>Request limit exceeded.</Message></Error></Errors></Response>")).isTrue();
        assertThat(RateLimitInterceptor.isThrottling(null, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                + "</Error></ErrorResponse>")).isTrue();
        assertThat(RateLimitInterceptor.isThrottling(null,
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\"}")).isTrue();
        assertThat(RateLimitInterceptor.isThrottling("ThrottlingException:http://internal.amazon.com/", "")).isTrue();
        assertThat(RateLimitInterceptor.isThrottling(null, "<Response><Errors><Error><Code>InternalError</Code>"
                + "</Error></Errors></Response>")).isFalse();
        assertThat(RateLimitInterceptor.isThrottling(null, "<Code>InvalidSnapshot.NotFound</Code>")).isFalse();
    }

    @Test
    void aDescribeWithFiltersOrPaginationIsNotUnfiltered() {
        assertThat(RateLimitInterceptor.unfiltered(DescribeSnapshotsRequest.builder().snapshotIds("snap-1").build())).isTrue();
        assertThat(RateLimitInterceptor.unfiltered(DescribeSnapshotsRequest.builder()
                .filters(Filter.builder().name("tag:x").values("1").build()).build())).isFalse();
        assertThat(RateLimitInterceptor.unfiltered(DescribeSnapshotsRequest.builder().maxResults(1000).build())).isFalse();
        assertThat(RateLimitInterceptor.unfiltered(DescribeSnapshotsRequest.builder().filters(List.of()).build())).isTrue();
    }
}
