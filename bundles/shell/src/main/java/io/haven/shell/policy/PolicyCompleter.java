package io.haven.shell.policy;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Policy;
import io.haven.api.service.PolicyService;
import io.haven.shell.StringsCompletion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes policy ids and names. */
@Service
public class PolicyCompleter extends StringsCompletion {

    @Reference
    PolicyService policies;

    @Reference
    UserService users;

    @Override
    protected Collection<String> strings() {
        List<String> strings = new ArrayList<>();
        for (Policy policy : policies.list(ShellUser.caller(users))) {
            strings.add(String.valueOf(policy.id()));
            strings.add(policy.spec().name());
        }
        return strings;
    }
}
