package io.haven.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.Tag;

class RdsTagsTest {

    @Test
    void mapsTagsBothWaysKeepingTheirOrder() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", "orders");
        tags.put("env", "prod");

        List<Tag> list = RdsTags.toTags(tags);

        assertThat(list).extracting(Tag::key).containsExactly("Name", "env");
        assertThat(RdsTags.toMap(list)).containsExactlyEntriesOf(tags);
        assertThat(RdsTags.toMap(List.of(Tag.builder().key("k").build()))).containsExactly(Map.entry("k", ""));
        assertThat(RdsTags.toMap(null)).isEmpty();
    }
}
