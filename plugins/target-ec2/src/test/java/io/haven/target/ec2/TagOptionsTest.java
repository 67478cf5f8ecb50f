package io.haven.target.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.TargetSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EC2 backup options of the cpm backup tag (guide 13), as the target options the type validates. */
class TagOptionsTest {

    private final Ec2InstanceTargetType type = new Ec2InstanceTargetType();

    @Test
    void eachModeOptionOfTheGuideBecomesABackupMode() {
        assertThat(type.optionsFromTag(List.of())).isEmpty();
        assertThat(type.optionsFromTag(List.of("only-snaps"))).isEqualTo(Map.of("backupMode", "snapshots"));
        assertThat(type.optionsFromTag(List.of("initial-ami"))).isEqualTo(Map.of("backupMode", "snapshots-and-initial-ami"));
        assertThat(type.optionsFromTag(List.of("only-amis"))).isEqualTo(Map.of("backupMode", "ami"));
        assertThat(type.optionsFromTag(List.of("only-amis-reboot"))).isEqualTo(Map.of("backupMode", "ami", "reboot", "true"));
    }

    @Test
    void theOptionsTheyBecomeAreValidTargetOptions() {
        for (String option : List.of("only-snaps", "initial-ami", "only-amis", "only-amis-reboot")) {
            type.validate(new TargetSpec("ec2-instance", "us-east-1", "i-0123456789abcdef0",
                    type.optionsFromTag(List.of(option))));
        }
    }

    @Test
    void twoModesUnknownOptionsAndAppAwareAreRefusedWithTheReason() {
        assertThatThrownBy(() -> type.optionsFromTag(List.of("only-snaps", "only-amis")))
                .isInstanceOf(InvalidTargetException.class).hasMessageContaining("keep one");
        assertThatThrownBy(() -> type.optionsFromTag(List.of("snapshots")))
                .isInstanceOf(InvalidTargetException.class).hasMessageContaining("'snapshots' is not an EC2 backup option");
        // Guide 13 combines initial-ami#app-aware; Haven has no backup agent, so it says so instead of ignoring it.
        assertThatThrownBy(() -> type.optionsFromTag(List.of("initial-ami", "app-aware")))
                .isInstanceOf(InvalidTargetException.class).hasMessageContaining("backup agent");
    }
}
