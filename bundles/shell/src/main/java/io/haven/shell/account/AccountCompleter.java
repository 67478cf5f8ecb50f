package io.haven.shell.account;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Account;
import io.haven.api.service.AccountService;
import io.haven.shell.StringsCompletion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes account ids and names. */
@Service
public class AccountCompleter extends StringsCompletion {

    @Reference
    AccountService accounts;

    @Reference
    UserService users;

    @Override
    protected Collection<String> strings() {
        List<String> strings = new ArrayList<>();
        for (Account account : accounts.list(ShellUser.caller(users))) {
            strings.add(String.valueOf(account.id()));
            strings.add(account.name());
        }
        return strings;
    }
}
