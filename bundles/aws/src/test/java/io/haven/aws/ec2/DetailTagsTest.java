package io.haven.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The choice of which details become tags (decision 0009). */
class DetailTagsTest {

    @Example
    void ordersDetailsThenSettingsThenTheResourcesTagsThenTheRest() {
        Map<String, String> caller = new LinkedHashMap<>();
        caller.put("instance.tag.zeta", "z");
        caller.put("image.name", "base");
        caller.put("instance.tag.Name", "web");
        caller.put("image.id", "ami-1");
        caller.put("instanceId", "i-1");
        caller.put("instance.type", "t3.micro");
        caller.put("instance.tag.alpha", "a");
        caller.put("device", "/dev/sdf");
        caller.put("instance.disableApiTermination", "true");
        Map<String, String> volume = new LinkedHashMap<>();
        volume.put("volume.type", "gp3");
        volume.put("volume.tag.owner", "db");
        volume.put("volume.tag.Name", "data");
        volume.put("volume.tag.Backup", "yes");
        volume.put("volume.zone", "eu-west-1a");

        Map<String, String> ordered = DetailTags.ordered(volume, caller);

        assertThat(ordered.keySet()).containsExactly("instanceId", "device", "volume.type", "volume.zone",
                "instance.type", "instance.disableApiTermination",
                "instance.tag.Name", "volume.tag.Name", "volume.tag.Backup", "volume.tag.owner",
                "instance.tag.alpha", "instance.tag.zeta",
                "image.name", "image.id");
    }

    @Example
    void theOrderOfTagsDoesNotDependOnTheOrderAwsListedThemIn() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("instance.tag.b", "2");
        one.put("instance.tag.a", "1");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("instance.tag.a", "1");
        other.put("instance.tag.b", "2");

        assertThat(List.copyOf(DetailTags.ordered(Map.of(), one).keySet()))
                .isEqualTo(List.copyOf(DetailTags.ordered(Map.of(), other).keySet()));
    }

    @Example
    void leavesOffWhatDoesNotFitAndSaysWhat() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("instanceId", "i-1");
        details.put("instance.tag." + "k".repeat(120), "key too long");
        details.put("instance.tag.a", "v".repeat(300));
        details.put("instance.tag.b", "b");
        details.put("instance.tag.c", "c");

        DetailTags.Fit fit = DetailTags.fit(details, 47);

        assertThat(fit.tags()).containsOnlyKeys("haven:detail:instanceId", "haven:detail:instance.tag.a",
                "haven:detail:instance.tag.b");
        assertThat(fit.tags().get("haven:detail:instance.tag.a")).hasSize(256);
        assertThat(fit.leftOff()).containsExactly("instance.tag." + "k".repeat(120), "instance.tag.c");
        assertThat(DetailTags.leftOffMessage("EBS snapshot snap-1", "volume vol-1", fit.leftOff()))
                .startsWith("EBS snapshot snap-1 of volume vol-1: 2 detail(s) did not fit in AWS's 50 tags")
                .endsWith(": instance.tag." + "k".repeat(120) + ", instance.tag.c");
    }

    @Property(tries = 300)
    void everyDetailIsTaggedOrNamedAsLeftOffAndTheTagsStayWithinAwsLimits(
            @ForAll("details") Map<String, String> details, @ForAll @IntRange(min = 2, max = 10) int otherTags) {
        DetailTags.Fit fit = DetailTags.fit(DetailTags.ordered(Map.of(), details), otherTags);

        assertThat(otherTags + fit.tags().size()).isLessThanOrEqualTo(DetailTags.MAX_TAGS);
        assertThat(fit.tags().keySet()).allSatisfy(key -> assertThat(key).hasSizeLessThanOrEqualTo(128));
        assertThat(fit.tags().values()).allSatisfy(value -> assertThat(value).hasSizeLessThanOrEqualTo(256));
        List<String> accounted = new ArrayList<>(fit.leftOff());
        fit.tags().keySet().forEach(key -> accounted.add(key.substring("haven:detail:".length())));
        assertThat(accounted).containsExactlyInAnyOrderElementsOf(details.keySet());
        // nothing that fits is left off while a less important detail is tagged
        if (otherTags + fit.tags().size() < DetailTags.MAX_TAGS) {
            assertThat(fit.leftOff()).allSatisfy(name -> assertThat("haven:detail:" + name).hasSizeGreaterThan(128));
        }
    }

    @Provide
    Arbitrary<Map<String, String>> details() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(n -> "instance." + n),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(n -> "image." + n),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(130).map(n -> "instance.tag." + n),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20).map(n -> "volume.tag." + n));
        return Arbitraries.maps(names, Arbitraries.strings().ofMaxLength(400)).ofMaxSize(120).map(LinkedHashMap::new);
    }
}
