package io.haven.api.model;

import io.haven.api.recovery.Recoverable;
import java.util.List;

/**
 * Everything a backup can be recovered into (guide 9), with each option's default from the original
 * resource at backup time, and the outputs of the backup's scripts for reference.
 *
 * @param unavailable target types of the backup's artifacts that no installed plugin can recover
 */
public record RecoveryPanel(Backup backup, List<Recoverable> recoverables, List<ScriptRun> scripts,
                            List<String> unavailable) {
    public RecoveryPanel {
        recoverables = List.copyOf(recoverables);
        scripts = List.copyOf(scripts);
        unavailable = List.copyOf(unavailable);
    }
}
