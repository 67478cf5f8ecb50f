package io.haven.target.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class VolumeSelectionTest {

    @Property
    void includeAndExcludeOfTheSameDevicesSplitTheInstance(@ForAll("devices") List<String> devices,
                                                           @ForAll("subsetSeed") long seed) {
        Map<String, String> volumes = new LinkedHashMap<>();
        devices.forEach(device -> volumes.put(device, "vol-" + Integer.toHexString(device.hashCode())));
        List<String> chosen = devices.stream().filter(d -> ((d.hashCode() ^ seed) & 1) == 0).toList();
        Assume.that(!chosen.isEmpty() && chosen.size() < devices.size());
        String list = String.join(",", chosen);

        Map<String, String> included = VolumeSelection.parse(Map.of("volumes", "include", "devices", list))
                .select("i-1", volumes);
        Map<String, String> excluded = VolumeSelection.parse(Map.of("volumes", "exclude", "devices", list))
                .select("i-1", volumes);

        assertThat(included.keySet()).containsExactlyElementsOf(chosen);
        Set<String> union = new HashSet<>(included.keySet());
        union.addAll(excluded.keySet());
        assertThat(union).containsExactlyInAnyOrderElementsOf(devices);
        assertThat(excluded.keySet()).doesNotContainAnyElementsOf(included.keySet());
        assertThat(VolumeSelection.parse(Map.of()).select("i-1", volumes)).containsExactlyEntriesOf(volumes);
    }

    @Property
    void devPrefixIsOptional(@ForAll("devices") List<String> devices) {
        Map<String, String> volumes = new LinkedHashMap<>();
        devices.forEach(device -> volumes.put(device, "vol-1"));
        String shortNames = String.join(",", devices.stream().map(d -> d.substring("/dev/".length())).toList());

        assertThat(VolumeSelection.parse(Map.of("volumes", "include", "devices", shortNames)).select("i-1", volumes))
                .containsOnlyKeys(devices);
    }

    @Provide
    Arbitrary<List<String>> devices() {
        return Arbitraries.strings().withCharRange('a', 'z').ofLength(3).map(s -> "/dev/sd" + s)
                .list().ofMinSize(1).ofMaxSize(8).uniqueElements();
    }

    @Provide
    Arbitrary<Long> subsetSeed() {
        return Arbitraries.longs();
    }
}
