package io.haven.shell.target;

import io.haven.api.model.TargetTypeInfo;
import io.haven.api.service.AccountService;
import io.haven.shell.HavenCommand;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "haven", name = "target-types", description = "Lists the kinds of resources that installed plugins can back up")
public class TargetTypesCommand extends HavenCommand {

    @Reference
    AccountService accounts;

    @Override
    protected Object run() {
        ShellTable table = new ShellTable().emptyTableText("No target-type plugin is installed");
        table.column("Type");
        table.column("Name");
        table.column("Options");
        for (TargetTypeInfo type : accounts.targetTypes()) {
            table.addRow().addContent(type.id(), type.displayName(), type.options().stream()
                    .map(TargetTypesCommand::describe).collect(java.util.stream.Collectors.joining("; ")));
        }
        table.print(System.out);
        return null;
    }

    /** {@code backupMode (snapshots/snapshots-and-initial-ami/ami)}, {@code volumes (all/include/exclude, default all)}. */
    private static String describe(io.haven.api.target.TargetOption option) {
        String values = String.join("/", option.allowed());
        if (values.isEmpty()) {
            values = option.kind() == io.haven.api.target.TargetOption.Kind.LIST ? "comma list" : "text";
        }
        return option.name() + " (" + values + (option.defaultValue() == null ? "" : ", default " + option.defaultValue())
                + ")";
    }
}
