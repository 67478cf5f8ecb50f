package io.haven.aws.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TagDetailsTest {

    @Test
    void recordsTagsAsDetailsAndReadsThemBack() {
        Map<String, String> details = new LinkedHashMap<>();
        Map<String, String> tags = Map.of("env", "prod", "Name", "Orders", "empty", "", "aws:cloudformation:stack-name", "s");

        TagDetails.record(tags, 10, details);

        assertThat(details).containsOnlyKeys("tag.env", "tag.Name", "tag.empty");
        assertThat(TagDetails.read(details)).containsExactlyInAnyOrderEntriesOf(
                Map.of("env", "prod", "Name", "Orders", "empty", ""));
    }

    @Test
    void countsWhatDoesNotFitOnTheSnapshot() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            tags.put("key" + i, "value");
        }
        tags.put("k".repeat(112), "too long a key once prefixed");
        Map<String, String> details = new LinkedHashMap<>();

        TagDetails.record(tags, 20, details);

        // 30 places: 29 tags and the count
        assertThat(TagDetails.read(details)).hasSize(29);
        assertThat(details).containsEntry("tagsOmitted", "12");
    }

    @Test
    void namesTheTagsLeftOffForTheRunsLog() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 10; i < 20; i++) {
            tags.put("key" + i, "value");
        }
        tags.put("k".repeat(112), "too long a key once prefixed");
        Map<String, String> details = new LinkedHashMap<>();

        List<String> leftOff = TagDetails.recordFitting(tags, 44, details);

        // 6 places: 5 tags (by key) and the count
        assertThat(TagDetails.read(details)).containsOnlyKeys("key10", "key11", "key12", "key13", "key14");
        assertThat(leftOff).containsExactly("key15", "key16", "key17", "key18", "key19", "k".repeat(112));
        assertThat(details).containsEntry("tagsOmitted", "6");
        assertThat(TagDetails.leftOffMessage("RDS instance orders", leftOff))
                .startsWith("The snapshot of RDS instance orders carries Haven's details first and has no room for 6 of"
                        + " its tags").endsWith(": key15, key16, key17, key18, key19, " + "k".repeat(112));
    }

    @Test
    void recoveredResourcesAlwaysCarryTheirSource() {
        Map<String, String> details = Map.of("tag.env", "prod", "instanceClass", "db.t3.micro");

        assertThat(TagDetails.forRecovered(details, true, "snap-1"))
                .containsOnly(Map.entry("env", "prod"), Map.entry("haven:recovered-from", "snap-1"));
        assertThat(TagDetails.forRecovered(details, false, "snap-1"))
                .containsOnly(Map.entry("haven:recovered-from", "snap-1"));
    }

    @Property
    void neverExceedsTheSnapshotsTagLimitAndLosesNothingUncounted(
            @ForAll @Size(max = 60) Map<@StringLength(min = 1, max = 120) String, @StringLength(max = 20) String> tags,
            @ForAll @IntRange(min = 2, max = 45) int taken) {
        tags.keySet().removeIf(key -> key.startsWith("aws:"));
        Map<String, String> details = new LinkedHashMap<>();

        List<String> leftOff = TagDetails.recordFitting(tags, taken, details);

        assertThat(taken + details.size()).isLessThanOrEqualTo(TagDetails.MAX_TAGS);
        assertThat(leftOff).noneMatch(TagDetails.read(details)::containsKey);
        int omitted = Integer.parseInt(details.getOrDefault("tagsOmitted", "0"));
        assertThat(TagDetails.read(details).size() + omitted).isEqualTo(tags.size());
        assertThat(leftOff).hasSize(omitted);
        TagDetails.read(details).forEach((key, value) -> assertThat(tags).containsEntry(key, value));
    }
}
