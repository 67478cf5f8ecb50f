package io.haven.shell.account;

import io.haven.api.model.Account;
import io.haven.api.model.Caller;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** "Scan Resources" of an account (guide 13): whether tag scans look at its resources. */
@Service
@Command(scope = "haven", name = "account-scan-resources",
        description = "Turns Scan Resources on or off: whether tag scans look at the account's cpm backup tags")
public class AccountScanResourcesCommand extends AccountSwitchCommand {

    @Override
    Account change(Caller caller, long accountId, boolean on) {
        return accounts.setScanResources(caller, accountId, on);
    }

    @Override
    String describe(Account changed) {
        return "Scan Resources " + (changed.scanResources() ? "on" : "off") + " for account " + changed.name();
    }
}
