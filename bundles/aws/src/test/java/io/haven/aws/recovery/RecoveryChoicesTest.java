package io.haven.aws.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveryOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoveryChoicesTest {

    private final Recoverable recoverable = new Recoverable("volume", "vol-1", "ebs-volume", "vol-1", "eu-west-1",
            "vol-1", List.of(
                    RecoveryOption.free("zone", "eu-west-1a", "zone"),
                    RecoveryOption.free("sizeGiB", "8", "size"),
                    RecoveryOption.oneOf("preserveTags", "true", "tags", List.of("true", "false")),
                    RecoveryOption.free("attachTo", null, "instance")),
            List.of(), List.of());

    @Test
    void absentTakesTheDefaultAndBlankMeansNone() {
        RecoveryChoices choices = RecoveryChoices.of(recoverable, Map.of("zone", " ", "sizeGiB", " 20 "));

        assertThat(choices.text("zone")).isEmpty();
        assertThat(choices.textOrDefault("zone")).isEqualTo("eu-west-1a");
        assertThat(choices.integer("sizeGiB", 1, 100)).contains(20);
        assertThat(choices.flag("preserveTags", false)).isTrue();
        assertThat(choices.text("attachTo")).isEmpty();
        assertThat(choices.isChosen("zone")).isTrue();
        assertThat(choices.isChosen("attachTo")).isFalse();
    }

    @Test
    void refusesUnknownOptionsAndValuesOutsideTheAllowedOnes() {
        assertThatThrownBy(() -> RecoveryChoices.of(recoverable, Map.of("sizeGb", "20")))
                .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> {
                    assertThat(e.field()).isEqualTo("sizeGb");
                    assertThat(e.getMessage()).contains("Unknown option").contains("sizeGiB");
                });
        assertThatThrownBy(() -> RecoveryChoices.of(recoverable, Map.of("preserveTags", "yes")))
                .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> assertThat(e.field()).isEqualTo("preserveTags"));
        assertThatThrownBy(() -> RecoveryChoices.of(recoverable, Map.of("sizeGiB", "big")).integer("sizeGiB", 1, 100))
                .isInstanceOfSatisfying(InvalidRecoveryException.class,
                        e -> assertThat(e.getMessage()).contains("whole number"));
        assertThatThrownBy(() -> RecoveryChoices.of(recoverable, Map.of("sizeGiB", "101")).integer("sizeGiB", 1, 100))
                .isInstanceOfSatisfying(InvalidRecoveryException.class,
                        e -> assertThat(e.getMessage()).contains("between 1 and 100"));
    }
}
