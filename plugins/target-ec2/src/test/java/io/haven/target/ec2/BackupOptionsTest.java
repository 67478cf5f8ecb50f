package io.haven.target.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.TargetOption;
import io.haven.api.target.TargetSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;

/** Validation of the backup options, as {@code TargetType.validate} runs it before a target is stored. */
class BackupOptionsTest {

    private final Ec2InstanceTargetType type = new Ec2InstanceTargetType();

    @Test
    void acceptsEveryModeAndReboot() {
        for (String mode : new String[] {"snapshots", "snapshots-and-initial-ami", "ami"}) {
            assertThatCode(() -> type.validate(spec(Map.of("backupMode", mode)))).doesNotThrowAnyException();
        }
        assertThatCode(() -> type.validate(spec(Map.of("backupMode", "ami", "reboot", "true")))).doesNotThrowAnyException();
        assertThatCode(() -> type.validate(spec(Map.of("backupMode", "ami", "reboot", "false", "volumes", "all"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> type.validate(spec(Map.of("reboot", "false")))).doesNotThrowAnyException();
        assertThatCode(() -> type.validate(spec(Map.of("backupMode", "snapshots-and-initial-ami",
                "volumes", "exclude", "devices", "/dev/sdf")))).doesNotThrowAnyException();
    }

    @Test
    void rejectsWhatDoesNotFitNamingTheOption() {
        assertInvalid(Map.of("backupMode", "image"), "options.backupMode", "snapshots, snapshots-and-initial-ami, ami");
        assertInvalid(Map.of("backupMode", "ami", "reboot", "yes"), "options.reboot", "true or false");
        assertInvalid(Map.of("reboot", "true"), "options.reboot", "backupMode=ami");
        assertInvalid(Map.of("backupMode", "snapshots", "reboot", "true"), "options.reboot", "backupMode=ami");
        assertInvalid(Map.of("backupMode", "ami", "volumes", "include", "devices", "/dev/sda1"), "options.volumes",
                "all EBS volumes");
        assertInvalid(Map.of("backupMode", "ami", "volumes", "exclude", "devices", "/dev/sdf"), "options.volumes",
                "all EBS volumes");
        assertInvalid(Map.of("noReboot", "true"), "options.noReboot", "'backupMode', 'reboot', 'volumes' and 'devices'");
    }

    /** What the type publishes (for the console's form) is what validate takes: names, values and defaults. */
    @Test
    void thePublishedOptionsAreWhatValidateTakes() {
        assertThat(type.options()).extracting(TargetOption::name).containsExactly("backupMode", "reboot", "volumes", "devices");
        for (TargetOption option : type.options()) {
            for (String value : option.allowed()) {
                Map<String, String> options = new java.util.HashMap<>(Map.of(option.name(), value));
                if (option.name().equals("volumes") && !value.equals("all")) {
                    options.put("devices", "/dev/sdf");
                }
                if (option.name().equals("reboot") && value.equals("true")) {
                    options.put("backupMode", "ami");
                }
                assertThatCode(() -> type.validate(spec(options))).as(options.toString()).doesNotThrowAnyException();
            }
            if (!option.allowed().isEmpty()) {
                assertInvalid(Map.of(option.name(), "none-of-these"), "options." + option.name(), "none-of-these");
            }
            if (option.defaultValue() != null) {
                assertThat(BackupOptions.parse(Map.of(option.name(), option.defaultValue())))
                        .as("the default of " + option.name() + " is what its absence means")
                        .isEqualTo(BackupOptions.parse(Map.of()));
            }
        }
        assertThat(type.options()).filteredOn(o -> o.name().equals("backupMode")).singleElement()
                .satisfies(mode -> assertThat(mode.defaultValue()).as("chosen by platform").isNull());
        assertThat(type.options()).filteredOn(o -> o.name().equals("reboot")).singleElement()
                .satisfies(reboot -> assertThat(reboot.kind()).isEqualTo(TargetOption.Kind.BOOLEAN));
    }

    @Test
    void theDefaultModeDependsOnThePlatform() {
        BackupOptions none = BackupOptions.parse(Map.of());
        // EC2 answers "windows"; the SDK's PlatformValues.WINDOWS is "Windows"
        Instance windows = Instance.builder().platform("windows").build();
        Instance linux = Instance.builder().build();

        assertThat(none.modeFor(windows)).isEqualTo(BackupMode.SNAPSHOTS_AND_INITIAL_AMI);
        assertThat(none.modeFor(linux)).isEqualTo(BackupMode.SNAPSHOTS);
        assertThat(BackupOptions.parse(Map.of("backupMode", "ami")).modeFor(windows)).isEqualTo(BackupMode.AMI);
        assertThat(none.reboot()).isFalse();
    }

    private void assertInvalid(Map<String, String> options, String field, String message) {
        assertThatThrownBy(() -> type.validate(spec(options)))
                .isInstanceOfSatisfying(InvalidTargetException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(message);
    }

    private static TargetSpec spec(Map<String, String> options) {
        return new TargetSpec("ec2-instance", "eu-west-1", "i-0123456789abcdef0", options);
    }
}
