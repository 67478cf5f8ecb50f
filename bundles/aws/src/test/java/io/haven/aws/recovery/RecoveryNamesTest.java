package io.haven.aws.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.aws.artifact.AwsIdentifiers;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RecoveryNamesTest {

    @Test
    void appendsTheSuffixAndCutsLongNames() {
        assertThat(RecoveryNames.derived("orders", "-recovered", 63)).isEqualTo("orders-recovered");
        String cut = RecoveryNames.derived("a".repeat(52) + "-b" + "c".repeat(9), "-recovered", 63);
        assertThat(cut).isEqualTo("a".repeat(52) + "-recovered");
    }

    @Property
    void derivedIdentifiersAreValidRdsIdentifiers(@ForAll("identifiers") String original) {
        String derived = RecoveryNames.derived(original, RecoveryNames.RECOVERED, AwsIdentifiers.MAX_RESOURCE_LENGTH);

        assertThat(AwsIdentifiers.isValid(derived, AwsIdentifiers.MAX_RESOURCE_LENGTH)).as(derived).isTrue();
        assertThat(derived).isNotEqualTo(original).endsWith("-recovered");
    }

    @Provide
    Arbitrary<String> identifiers() {
        Arbitrary<String> part = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1)
                .ofMaxLength(12);
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz").ofLength(1)
                .flatMap(first -> part.list().ofMaxSize(8).map(parts -> first + (parts.isEmpty() ? "" : "-" + String.join("-", parts))))
                .filter(id -> id.length() <= AwsIdentifiers.MAX_RESOURCE_LENGTH);
    }
}
