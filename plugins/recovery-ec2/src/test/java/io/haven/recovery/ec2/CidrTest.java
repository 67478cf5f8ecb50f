package io.haven.recovery.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Property
    void aSlash24HoldsExactlyItsOwnAddresses(@ForAll @IntRange(min = 0, max = 255) int third,
                                             @ForAll @IntRange(min = 0, max = 255) int fourth) {
        Cidr block = Cidr.parse("10.0.1.0/24").orElseThrow();

        long address = Cidr.address("10.0." + third + "." + fourth).orElseThrow();

        assertThat(block.contains(address)).isEqualTo(third == 1);
        assertThat(block.reserved(address)).isEqualTo(third == 1 && (fourth < 4 || fourth == 255));
    }

    @Test
    void parsesBlocksWithHostBitsAndWideOnes() {
        assertThat(Cidr.parse("172.31.16.7/20").orElseThrow().contains(Cidr.address("172.31.31.254").orElseThrow()))
                .isTrue();
        assertThat(Cidr.parse("172.31.16.0/20").orElseThrow().contains(Cidr.address("172.31.32.1").orElseThrow()))
                .isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").orElseThrow().contains(Cidr.address("255.255.255.255").orElseThrow()))
                .isTrue();
    }

    @Test
    void refusesWhatIsNotIpv4() {
        assertThat(Cidr.address("10.0.0.256")).isEmpty();
        assertThat(Cidr.address("10.0.0")).isEmpty();
        assertThat(Cidr.address("fe80::1")).isEmpty();
        assertThat(Cidr.parse("10.0.0.0")).isEmpty();
        assertThat(Cidr.parse("10.0.0.0/33")).isEmpty();
    }
}
