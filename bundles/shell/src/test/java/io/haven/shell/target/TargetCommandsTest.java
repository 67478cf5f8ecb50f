package io.haven.shell.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.TargetTypeInfo;
import io.haven.shell.testing.Completions;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeAccounts;
import io.haven.shell.testing.Table;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetCommandsTest {

    private final FakeAccounts accounts = new FakeAccounts();

    @Test
    void targetTypesListsWhatThePluginsServe() throws Exception {
        accounts.types.add(new TargetTypeInfo("ebs-volume", "EBS volume"));
        accounts.types.add(new TargetTypeInfo("ec2-instance", "EC2 instance", java.util.List.of(
                io.haven.api.target.TargetOption.choice("volumes", "Volumes", "all", "Which volumes",
                        java.util.List.of("all", "include", "exclude")),
                io.haven.api.target.TargetOption.list("devices", "Devices", "Device names"))));
        TargetTypesCommand command = new TargetTypesCommand();
        command.accounts = accounts;
        assertThat(Table.rows(Console.execute(command).out())).containsExactly(
                Map.of("Type", "ebs-volume", "Name", "EBS volume", "Options", ""), Map.of("Type", "ec2-instance",
                        "Name", "EC2 instance", "Options", "volumes (all/include/exclude, default all); devices (comma list)"));
    }

    @Test
    void withoutPluginsTargetTypesSaysSo() throws Exception {
        TargetTypesCommand command = new TargetTypesCommand();
        command.accounts = accounts;
        assertThat(Console.execute(command).out()).contains("No target-type plugin is installed");
    }

    @Test
    void theTypeCompleterOffersTheInstalledTypes() {
        accounts.types.add(new TargetTypeInfo("ebs-volume", "EBS volume"));
        accounts.types.add(new TargetTypeInfo("ec2-instance", "EC2 instance"));
        TargetTypeCompleter completer = new TargetTypeCompleter();
        completer.accounts = accounts;
        assertThat(Completions.of(completer, "e")).containsExactlyInAnyOrder("ebs-volume", "ec2-instance");
        assertThat(Completions.of(completer, "ec")).containsExactly("ec2-instance");
    }

    @Test
    void theRegionCompleterOffersAwsRegions() {
        assertThat(Completions.of(new RegionCompleter(), "eu-central-")).containsExactly("eu-central-1", "eu-central-2");
        assertThat(Completions.of(new RegionCompleter(), "")).contains("us-east-1", "ap-southeast-2", "sa-east-1");
        assertThat(RegionCompleter.REGIONS).allMatch(r -> r.matches("[a-z]{2}(-[a-z]+)+-\\d{1,2}"));
    }
}
