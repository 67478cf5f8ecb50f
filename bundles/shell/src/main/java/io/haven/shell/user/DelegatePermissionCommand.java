package io.haven.shell.user;

import io.haven.api.model.DelegatePermissions;
import io.haven.shell.HavenCommand;
import org.apache.karaf.shell.api.action.Option;

/**
 * The base of the commands that set a delegate's three permissions (guide 16.4) as options (Karaf reads options of
 * superclasses): each one given allows it; none given is view only.
 */
abstract class DelegatePermissionCommand extends HavenCommand {

    @Option(name = "--allow-recovery", description = "It may start recoveries")
    boolean recover;

    @Option(name = "--allow-account-changes", description = "It may add, change and delete AWS accounts")
    boolean changeAccounts;

    @Option(name = "--allow-backup-changes", description = "It may change policies, schedules and targets, run policies, "
            + "freeze and delete backups")
    boolean changeBackups;

    DelegatePermissions permissions() {
        return new DelegatePermissions(recover, changeAccounts, changeBackups);
    }

    static String describe(DelegatePermissions p) {
        String allowed = (p.recover() ? "recovery, " : "") + (p.changeAccounts() ? "account changes, " : "")
                + (p.changeBackups() ? "backup changes, " : "");
        return allowed.isEmpty() ? "view only" : "view and " + allowed.substring(0, allowed.length() - 2);
    }
}
