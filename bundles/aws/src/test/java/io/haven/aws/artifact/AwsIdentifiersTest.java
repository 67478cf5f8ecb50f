package io.haven.aws.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.Chars;
import org.junit.jupiter.api.Test;

class AwsIdentifiersTest {

    @Test
    void snapshotIdentifierJoinsCleanedParts() {
        assertThat(AwsIdentifiers.snapshotIdentifier("Daily Backup", "orders-db", "42"))
                .isEqualTo("haven-daily-backup-orders-db-42");
        assertThat(AwsIdentifiers.snapshotIdentifier("--Nightly  (prod)!--", "db1", "7"))
                .isEqualTo("haven-nightly-prod-db1-7");
        assertThat(AwsIdentifiers.snapshotIdentifier("!!!", "db1", "7")).isEqualTo("haven-db1-7");
    }

    @Test
    void overlongIdentifiersAreCutAndEndInAHash() {
        String first = AwsIdentifiers.snapshotIdentifier("p".repeat(300), "db1", "7");
        String second = AwsIdentifiers.snapshotIdentifier("p".repeat(300), "db2", "7");

        assertThat(first).hasSize(255).startsWith("haven-ppp").matches(".*-[0-9a-f]{8}");
        assertThat(first).isNotEqualTo(second);
        assertThat(AwsIdentifiers.isValid(first, 255)).isTrue();
    }

    @Test
    void validityFollowsTheRdsRules() {
        assertThat(AwsIdentifiers.isValid("orders-db-1", 63)).isTrue();
        assertThat(AwsIdentifiers.isValid("a", 63)).isTrue();
        for (String bad : new String[] {"", "1db", "-db", "db-", "db--1", "Orders", "db_1", "db.1", "a".repeat(64)}) {
            assertThat(AwsIdentifiers.isValid(bad, 63)).as(bad).isFalse();
        }
        assertThat(AwsIdentifiers.isValid(null, 63)).isFalse();
    }

    @Property
    void everyDerivedIdentifierAndItsCopysIsHavens(@ForAll String policy, @ForAll String resource,
                                                   @ForAll String backupId) {
        String identifier = AwsIdentifiers.snapshotIdentifier(policy, resource, backupId);

        assertThat(AwsIdentifiers.isHavens(identifier)).as(identifier).isTrue();
        assertThat(AwsIdentifiers.isHavens(identifier + "-dr")).isTrue();
    }

    @Test
    void identifiersNotStartingWithHavensPrefixAreNotHavens() {
        for (String other : new String[] {"orders-db-1", "havenly-1", "my-haven-1", "rds:orders-2026-01-01-00-00", ""}) {
            assertThat(AwsIdentifiers.isHavens(other)).as(other).isFalse();
        }
        assertThat(AwsIdentifiers.isHavens(null)).isFalse();
    }

    @Property
    void everyDerivedIdentifierIsValid(@ForAll String policy, @ForAll String resource, @ForAll String backupId) {
        String identifier = AwsIdentifiers.snapshotIdentifier(policy, resource, backupId);

        assertThat(AwsIdentifiers.isValid(identifier, AwsIdentifiers.MAX_SNAPSHOT_LENGTH)).as(identifier).isTrue();
    }

    @Property
    void distinctResourcesOfOneRunGetDistinctIdentifiers(
            @ForAll @StringLength(max = 100) String policy,
            @ForAll @AlphaChars @NumericChars @Chars('-') @StringLength(min = 1, max = 63) String first,
            @ForAll @AlphaChars @NumericChars @Chars('-') @StringLength(min = 1, max = 63) String second,
            @ForAll @LongRange(min = 1) long backupId) {
        Assume.that(AwsIdentifiers.isValid(first.toLowerCase(), 63) && AwsIdentifiers.isValid(second.toLowerCase(), 63));
        Assume.that(!first.equalsIgnoreCase(second));

        assertThat(AwsIdentifiers.snapshotIdentifier(policy, first.toLowerCase(), String.valueOf(backupId)))
                .isNotEqualTo(AwsIdentifiers.snapshotIdentifier(policy, second.toLowerCase(), String.valueOf(backupId)));
    }

    @Property
    void distinctRunsGetDistinctIdentifiers(@ForAll @StringLength(max = 100) String policy,
                                            @ForAll @LongRange(min = 1) long first, @ForAll @LongRange(min = 1) long second) {
        Assume.that(first != second);

        assertThat(AwsIdentifiers.snapshotIdentifier(policy, "db", String.valueOf(first)))
                .isNotEqualTo(AwsIdentifiers.snapshotIdentifier(policy, "db", String.valueOf(second)));
    }
}
