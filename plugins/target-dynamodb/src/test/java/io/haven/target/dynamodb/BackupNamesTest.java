package io.haven.target.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class BackupNamesTest {

    @Test
    void namesAreHavenTheRunAndTheTable() {
        assertThat(BackupNames.of("42", "Orders")).isEqualTo("haven-42-Orders");
        assertThat(BackupNames.prefix("42")).isEqualTo("haven-42-");
        assertThat(BackupNames.prefix("run-7/b")).isEqualTo("haven-run_7_b-");
        assertThat(BackupNames.of("42", "t".repeat(255))).hasSize(255).startsWith("haven-42-ttt");
    }

    @Property
    void everyNameIsAValidBackupName(@ForAll @StringLength(max = 40) String backupId,
                                     @ForAll @AlphaChars @NumericChars @Chars({'_', '-', '.'}) @StringLength(min = 3, max = 255) String table) {
        assertThat(BackupNames.of(backupId, table)).matches("[a-zA-Z0-9_.-]{3,255}");
    }

    @Property
    void oneRunsPrefixNeverMatchesAnotherRunsNames(@ForAll @AlphaChars @NumericChars @Chars({'_', '.'}) @StringLength(min = 1, max = 20) String run,
                                                   @ForAll @AlphaChars @NumericChars @Chars({'_', '.'}) @StringLength(min = 1, max = 20) String other,
                                                   @ForAll @AlphaChars @NumericChars @Chars({'_', '-', '.'}) @StringLength(min = 3, max = 100) String table) {
        Assume.that(!run.equals(other));

        assertThat(BackupNames.of(other, table)).doesNotStartWith(BackupNames.prefix(run));
        assertThat(BackupNames.of(run, table)).startsWith(BackupNames.prefix(run));
    }
}
