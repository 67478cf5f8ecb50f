package io.haven.target.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AmiNamesTest {

    @Property
    void backupNamesAreAlwaysValid(@ForAll("anyText") String policy, @ForAll("instanceIds") String instanceId,
                                   @ForAll("anyText") String backupId) {
        assertThat(AmiNames.forBackup(policy, instanceId, backupId)).matches(AmiNames.VALID);
    }

    @Property
    void differentRunsGetDifferentNames(@ForAll("anyText") String policy, @ForAll("instanceIds") String instanceId,
                                        @ForAll("backupIds") String one, @ForAll("backupIds") String other) {
        Assume.that(!one.equals(other));

        assertThat(AmiNames.forBackup(policy, instanceId, one)).isNotEqualTo(AmiNames.forBackup(policy, instanceId, other));
    }

    @Example
    void shortNamesReadPlainly() {
        assertThat(AmiNames.forBackup("Nightly DB (prod)", "i-0123456789abcdef0", "b-42"))
                .isEqualTo("haven-Nightly DB (prod)-i-0123456789abcdef0-b-42");
        assertThat(AmiNames.forBackup("weekly:ü*", "i-1", "r1")).isEqualTo("haven-weekly--i-1-r1");
        assertThat(AmiNames.forInitialAmi("i-0123456789abcdef0", Instant.parse("2026-03-04T05:06:07Z")))
                .isEqualTo("haven-initial-i-0123456789abcdef0-20260304-050607")
                .matches(AmiNames.VALID);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(200);
    }

    @Provide
    Arbitrary<String> instanceIds() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(17).map(hex -> "i-" + hex);
    }

    /** Backup ids as Haven makes them: UUIDs, or long enough ones to force the hashed form. */
    @Provide
    Arbitrary<String> backupIds() {
        return Arbitraries.oneOf(Arbitraries.create(() -> UUID.randomUUID().toString()),
                Arbitraries.strings().alpha().numeric().ofMinLength(100).ofMaxLength(200));
    }
}
