package io.haven.shell.target;

import io.haven.api.model.TargetTypeInfo;
import io.haven.api.service.AccountService;
import io.haven.shell.StringsCompletion;
import java.util.Collection;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the ids of the target types that installed plugins serve right now. */
@Service
public class TargetTypeCompleter extends StringsCompletion {

    @Reference
    AccountService accounts;

    @Override
    protected Collection<String> strings() {
        return accounts.targetTypes().stream().map(TargetTypeInfo::id).toList();
    }
}
