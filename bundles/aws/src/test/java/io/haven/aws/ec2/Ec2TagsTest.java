package io.haven.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Tag;

class Ec2TagsTest {

    @Test
    void mapsTagsAndKeepsTheirOrder() {
        Map<String, String> tags = Ec2Tags.toMap(List.of(
                Tag.builder().key("Name").value("db").build(),
                Tag.builder().key("env").build()));

        assertThat(tags).containsExactly(Map.entry("Name", "db"), Map.entry("env", ""));
        assertThat(Ec2Tags.toMap(null)).isEmpty();
    }

    @Test
    void nameFallsBackToTheIdWhenMissingOrBlank() {
        assertThat(Ec2Tags.nameOr(Map.of("Name", "db"), "vol-1")).isEqualTo("db");
        assertThat(Ec2Tags.nameOr(Map.of("Name", " "), "vol-1")).isEqualTo("vol-1");
        assertThat(Ec2Tags.nameOr(Map.of(), "vol-1")).isEqualTo("vol-1");
    }
}
