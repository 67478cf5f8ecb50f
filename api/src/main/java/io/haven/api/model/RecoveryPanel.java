package io.haven.api.model;

import io.haven.api.recovery.Recoverable;
import java.util.List;

/**
 * Everything a backup can be recovered into (guide 9), with each option's default from the original
 * resource at backup time, and the outputs of the backup's scripts for reference.
 *
 * @param unavailable target types of the backup's artifacts that no installed plugin can recover
 * @param region      the region the recoverables are recovered in from DR copies (guide 10.5); null: the origin, the
 *                    backup's own artifacts
 * @param drRegions   the regions where DR copies of the backup completed, each a choice of {@code region}
 */
public record RecoveryPanel(Backup backup, List<Recoverable> recoverables, List<ScriptRun> scripts,
                            List<String> unavailable, String region, List<String> drRegions) {
    public RecoveryPanel {
        recoverables = List.copyOf(recoverables);
        scripts = List.copyOf(scripts);
        unavailable = List.copyOf(unavailable);
        drRegions = drRegions == null ? List.of() : List.copyOf(drRegions);
    }

    /** The panel of the backup's own artifacts, in their regions. */
    public RecoveryPanel(Backup backup, List<Recoverable> recoverables, List<ScriptRun> scripts,
                         List<String> unavailable) {
        this(backup, recoverables, scripts, unavailable, null, List.of());
    }
}
