package io.haven.recovery.ec2;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.recovery.InvalidRecoveryException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The per-type limits of guide 9.3 (capacity, IOPS) as EBS enforces them today. */
class EbsLimitsTest {

    @Property
    void io1AcceptsIopsInRangeUpToFiftyPerGiB(@ForAll @IntRange(min = 100, max = 64_000) int iops,
                                              @ForAll @IntRange(min = 4, max = 16_384) int sizeGiB) {
        if (iops <= 50L * sizeGiB) {
            assertThatCode(() -> EbsLimits.checkIops("iops", "io1", iops, sizeGiB)).doesNotThrowAnyException();
        } else {
            assertRefused(() -> EbsLimits.checkIops("iops", "io1", iops, sizeGiB), "iops", "50 IOPS per GiB");
        }
    }

    @Property
    void gp3AcceptsItsBaselineOnAnySizeAndMoreOnlyAtFiveHundredPerGiB(
            @ForAll @IntRange(min = 3_000, max = 16_000) int iops, @ForAll @IntRange(min = 1, max = 100) int sizeGiB) {
        if (iops == 3_000 || iops <= 500L * sizeGiB) {
            assertThatCode(() -> EbsLimits.checkIops("iops", "gp3", iops, sizeGiB)).doesNotThrowAnyException();
        } else {
            assertRefused(() -> EbsLimits.checkIops("iops", "gp3", iops, sizeGiB), "iops", "500 IOPS per GiB");
        }
    }

    @Property
    void iopsOutsideTheTypesRangeAreRefused(@ForAll @IntRange(min = 16_001, max = 1_000_000) int iops) {
        assertRefused(() -> EbsLimits.checkIops("volume./dev/sdf.iops", "gp3", iops, 16_000),
                "volume./dev/sdf.iops", "3000 to 16000");
        assertRefused(() -> EbsLimits.checkIops("iops", "gp3", 2_999, 100), "iops", "3000 to 16000");
        assertRefused(() -> EbsLimits.checkIops("iops", "io2", 99, 100), "iops", "100 to 256000");
    }

    @Test
    void typesWithoutIopsRefuseThemAndIo1AndIo2NeedThem() {
        for (String type : new String[] {"gp2", "st1", "sc1", "standard"}) {
            assertRefused(() -> EbsLimits.checkIops("iops", type, 3000, 500), "iops", "take no IOPS");
            assertThatCode(() -> EbsLimits.checkIops("iops", type, null, 500)).doesNotThrowAnyException();
        }
        assertRefused(() -> EbsLimits.checkIops("iops", "io1", null, 500), "iops", "need iops");
        assertThatCode(() -> EbsLimits.checkIops("iops", "gp3", null, 1)).doesNotThrowAnyException();
        assertThatCode(() -> EbsLimits.checkIops("iops", "io2", 100_000, 100)).doesNotThrowAnyException();
    }

    @Property
    void aVolumeIsNeverSmallerThanTheOriginal(@ForAll @IntRange(min = 2, max = 16_384) int original,
                                              @ForAll @IntRange(min = 1, max = 16_384) int size) {
        if (size < original) {
            assertRefused(() -> EbsLimits.checkSize("sizeGiB", "gp3", size, original), "sizeGiB", "at least " + original);
        } else {
            assertThatCode(() -> EbsLimits.checkSize("sizeGiB", "gp3", size, original)).doesNotThrowAnyException();
        }
    }

    @Test
    void sizesFollowTheType() {
        assertRefused(() -> EbsLimits.checkSize("sizeGiB", "st1", 100, 8), "sizeGiB", "125 to 16384");
        assertRefused(() -> EbsLimits.checkSize("sizeGiB", "standard", 2000, 8), "sizeGiB", "1 to 1024");
        assertRefused(() -> EbsLimits.checkSize("sizeGiB", "io1", 3, null), "sizeGiB", "4 to 16384");
        assertThatCode(() -> EbsLimits.checkSize("sizeGiB", "io2", 65_536, 8)).doesNotThrowAnyException();
        assertThatCode(() -> EbsLimits.checkSize("sizeGiB", null, 16_384, 8)).doesNotThrowAnyException();
    }

    @Test
    void throughputIsGp3OnlyAndAtMostAQuarterMiBPerIops() {
        assertThatCode(() -> EbsLimits.checkThroughput("throughput", "gp3", 750, null)).doesNotThrowAnyException();
        assertRefused(() -> EbsLimits.checkThroughput("throughput", "gp3", 751, null), "throughput", "0.25 MiB/s per IOPS");
        assertThatCode(() -> EbsLimits.checkThroughput("throughput", "gp3", 1000, 4000)).doesNotThrowAnyException();
        assertRefused(() -> EbsLimits.checkThroughput("throughput", "gp3", 1001, 16_000), "throughput", "125 to 1000");
        assertRefused(() -> EbsLimits.checkThroughput("throughput", "io1", 200, 1000), "throughput", "Only gp3");
    }

    @Property
    void everyRefusalNamesTheOptionItWasGiven(@ForAll @StringLength(min = 1, max = 30) String field) {
        assertRefused(() -> EbsLimits.checkSize(field, "gp2", 1, 2), field, "at least 2");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field,
                                      String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidRecoveryException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.field()).isEqualTo(field);
            org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains(message);
        });
    }
}
