package io.haven.shell.backup;

import io.haven.api.model.BackupStatus;
import io.haven.shell.StringsCompletion;
import java.util.Arrays;
import java.util.Collection;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the states a backup can be in. */
@Service
public class BackupStatusCompleter extends StringsCompletion {

    @Override
    protected Collection<String> strings() {
        return Arrays.stream(BackupStatus.values()).map(Enum::name).toList();
    }
}
