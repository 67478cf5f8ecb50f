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
        for (TargetTypeInfo type : accounts.targetTypes()) {
            table.addRow().addContent(type.id(), type.displayName());
        }
        table.print(System.out);
        return null;
    }
}
