package io.haven.target.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

class DetailLimitsTest {

    @Property(tries = 200)
    void cappedDetailsStayWithinHavensLimit(@ForAll("details") Map<String, String> details) {
        Map<String, String> capped = DetailLimits.capped(details);

        int total = capped.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        assertThat(total).isLessThanOrEqualTo(DetailLimits.MAX_TOTAL);
        assertThat(capped.values()).allSatisfy(value -> assertThat(value).hasSizeLessThanOrEqualTo(DetailLimits.MAX_VALUE));
        assertThat(details.keySet()).containsAll(capped.keySet());
        // the leading (most important) details are kept
        List<String> keys = List.copyOf(details.keySet());
        assertThat(capped).containsKeys(keys.subList(0, Math.min(3, keys.size())).toArray(String[]::new));
    }

    @Example
    void awsTagsOfTheInstanceAreNotRecorded() {
        Instance instance = Instance.builder().instanceId("i-1").tags(
                Tag.builder().key("aws:cloudformation:stack-name").value("shop").build(),
                Tag.builder().key("Name").value("web").build()).build();

        assertThat(InstanceFacts.of(instance, Optional.empty()))
                .containsEntry("instance.tag.Name", "web")
                .doesNotContainKey("instance.tag.aws:cloudformation:stack-name");
    }

    @Provide
    Arbitrary<Map<String, String>> details() {
        return Arbitraries.maps(Arbitraries.strings().withCharRange('a', 'z').withChars('.', ':').ofMinLength(1).ofMaxLength(140),
                        Arbitraries.strings().ofMaxLength(600))
                .ofMaxSize(120)
                .map(LinkedHashMap::new);
    }
}
