package io.haven.aws.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.BackupRequest;
import io.haven.api.target.HavenTags;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArtifactTagsTest {

    private static final BackupRequest REQUEST = new BackupRequest("42", "daily", "Haven backup 42",
            Map.of(HavenTags.BACKUP_ID, "42", HavenTags.POLICY, "daily"));

    @Test
    void tagsCarryTheRunTheTypeANameAndTheDetails() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("engine", "postgres");
        details.put("subnetGroup", null);

        Map<String, String> tags = ArtifactTags.of("rds-instance", "daily-orders", REQUEST, details);

        assertThat(tags).containsExactlyInAnyOrderEntriesOf(Map.of(
                HavenTags.BACKUP_ID, "42", HavenTags.POLICY, "daily", "Name", "daily-orders",
                "haven:target-type", "rds-instance", "haven:detail:engine", "postgres"));
        assertThat(ArtifactTags.details(tags)).containsExactlyEntriesOf(Map.of("engine", "postgres"));
    }

    @Test
    void aNameTagOfTheRequestWins() {
        BackupRequest named = new BackupRequest("1", "p", "d", Map.of(HavenTags.BACKUP_ID, "1", "Name", "mine"));

        assertThat(ArtifactTags.of("t", "generated", named, Map.of())).containsEntry("Name", "mine");
    }

    @Test
    void valuesAreMadeSafeForRds() {
        BackupRequest odd = new BackupRequest("7", "Nightly (prod)!", "d",
                Map.of(HavenTags.BACKUP_ID, "7", HavenTags.POLICY, "Nightly (prod)! ü"));

        Map<String, String> tags = ArtifactTags.of("t", "x".repeat(300), odd, Map.of());

        assertThat(tags.get(HavenTags.POLICY)).isEqualTo("Nightly _prod__ ü");
        assertThat(tags.get("Name")).hasSize(256);
        assertThat(ArtifactTags.safeValue("a:b/c=d+e-f@g_h.i 9")).isEqualTo("a:b/c=d+e-f@g_h.i 9");
        assertThat(ArtifactTags.safeValue(null)).isEmpty();
    }

    @Test
    void belongsToMatchesRunAndTargetType() {
        Map<String, String> tags = ArtifactTags.of("rds-instance", "n", REQUEST, Map.of());

        assertThat(ArtifactTags.belongsTo(tags, "rds-instance", "42")).isTrue();
        assertThat(ArtifactTags.belongsTo(tags, "rds-instance", "43")).isFalse();
        assertThat(ArtifactTags.belongsTo(tags, "aurora-cluster", "42")).isFalse();
        assertThat(ArtifactTags.belongsTo(Map.of(), "rds-instance", "42")).isFalse();
    }
}
