package io.haven.shell.account;

import io.haven.api.model.Account;
import io.haven.api.model.Caller;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** "Allow deleting snapshots" of a DR account (guide 3.2.1, 11.3). */
@Service
@Command(scope = "haven", name = "account-allow-deleting",
        description = "Turns Allow deleting snapshots of a DR account on or off (off: copies are tagged cpm_deleted)")
public class AccountAllowDeletingCommand extends AccountSwitchCommand {

    @Override
    Account change(Caller caller, long accountId, boolean on) {
        return accounts.setAllowDeletingSnapshots(caller, accountId, on);
    }

    @Override
    String describe(Account changed) {
        return "Deleting snapshots " + (changed.allowDeletingSnapshots() ? "allowed" : "not allowed")
                + " in account " + changed.name();
    }
}
