package io.haven.core.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.core.tags.CpmBackupTag.Assignment;
import io.haven.core.tags.CpmBackupTag.Assignments;
import io.haven.core.tags.CpmBackupTag.NoBackup;
import io.haven.core.tags.CpmBackupTagParser.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide's examples (chapter 13) and the errors a scan reports. */
class CpmBackupTagParserTest {

    @Test
    void onePolicy() {
        assertThat(assignments("policy1")).containsExactly(new Assignment("policy1", null, List.of()));
    }

    @Test
    void policiesSeparatedBySpaces() {
        assertThat(assignments("policy1 policy2  policy3 ")).extracting(Assignment::policy)
                .containsExactly("policy1", "policy2", "policy3");
    }

    @Test
    void aNewPolicyFromATemplateBesideAnExistingOne() {
        assertThat(assignments("new_policy1:existing_policy1 policy2")).containsExactly(
                new Assignment("new_policy1", "existing_policy1", List.of()),
                new Assignment("policy2", null, List.of()));
    }

    @Test
    void backupOptionsAfterAHashCombine() {
        assertThat(assignments("policy1#only-snaps")).containsExactly(new Assignment("policy1", null, List.of("only-snaps")));
        assertThat(assignments("my_new_policy:existing_policy#only-amis"))
                .containsExactly(new Assignment("my_new_policy", "existing_policy", List.of("only-amis")));
        assertThat(assignments("policy1#initial-ami#app-aware"))
                .containsExactly(new Assignment("policy1", null, List.of("initial-ami", "app-aware")));
    }

    @Test
    void noBackupAlone() {
        assertThat(CpmBackupTagParser.parse("no-backup").tag()).isEqualTo(new NoBackup());
        assertThat(CpmBackupTagParser.parse("  no-backup ").tag()).isEqualTo(new NoBackup());
    }

    @Test
    void aPolicyNamedTwiceTheSameWayCountsOnce() {
        assertThat(assignments("a b a")).extracting(Assignment::policy).containsExactly("a", "b");
    }

    @Test
    void malformedValuesAreErrorsThatSayWhatIsWrong() {
        assertThat(error("")).contains("no value");
        assertThat(error("   ")).contains("no value");
        assertThat(error("no-backup policy1")).contains("cannot be combined");
        assertThat(error("NO-BACKUP")).isNull();
        assertThat(error(":template")).contains("no policy name");
        assertThat(error("new:")).contains("no template policy");
        assertThat(error("a:b:c")).contains("more than one ':'");
        assertThat(error("same:same")).contains("from itself");
        assertThat(error("p#")).contains("empty backup option");
        assertThat(error("p#Only-Snaps")).contains("'Only-Snaps'").contains("is not a backup option");
        assertThat(error("p#only-snaps#only-snaps")).contains("twice");
        assertThat(error("a#only-snaps a#only-amis")).contains("named twice with different");
        assertThat(error("a\tb")).contains("tab or line break");
        assertThat(error("p".repeat(257))).contains("257 characters");
        assertThat(error("p".repeat(101))).contains("longer than 100");
    }

    private static List<Assignment> assignments(String value) {
        Result result = CpmBackupTagParser.parse(value);
        assertThat(result.error()).isNull();
        return ((Assignments) result.tag()).assignments();
    }

    private static String error(String value) {
        Result result = CpmBackupTagParser.parse(value);
        assertThat(result.ok()).isEqualTo(result.error() == null);
        return result.error();
    }
}
