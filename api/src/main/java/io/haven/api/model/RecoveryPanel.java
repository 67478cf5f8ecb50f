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
 * @param drAccountId the DR account whose copies the panel recovers from (guide 11.5); null: the backup's account
 * @param drAccountRegions the regions where copies of the backup completed in its DR account, each a choice of
 *                    {@code region} with {@code drAccountId} (since 1.11)
 * @param targetAccountId the account the recoverables are recovered in when it is not where their artifacts are: they
 *                    are shared with it first, and the defaults that name something of the artifacts' account are
 *                    blank; null: where the artifacts are (since 1.12)
 * @param targetAccounts the other accounts of the user this panel's artifacts can be shared with and recovered in,
 *                    each a choice of {@code targetAccountId} (since 1.12)
 */
public record RecoveryPanel(Backup backup, List<Recoverable> recoverables, List<ScriptRun> scripts,
                            List<String> unavailable, String region, List<String> drRegions, Long drAccountId,
                            List<String> drAccountRegions, Long targetAccountId, List<AccountChoice> targetAccounts) {
    public RecoveryPanel {
        recoverables = List.copyOf(recoverables);
        scripts = List.copyOf(scripts);
        unavailable = List.copyOf(unavailable);
        drRegions = drRegions == null ? List.of() : List.copyOf(drRegions);
        drAccountRegions = drAccountRegions == null ? List.of() : List.copyOf(drAccountRegions);
        targetAccounts = targetAccounts == null ? List.of() : List.copyOf(targetAccounts);
    }

    public RecoveryPanel(Backup backup, List<Recoverable> recoverables, List<ScriptRun> scripts,
                         List<String> unavailable, String region, List<String> drRegions, Long drAccountId,
                         List<String> drAccountRegions) {
        this(backup, recoverables, scripts, unavailable, region, drRegions, drAccountId, drAccountRegions, null,
                List.of());
    }

    /** The same panel, recovered in {@code targetAccountId} with these recoverables, offering {@code choices}. */
    public RecoveryPanel inAccount(List<Recoverable> recoverables, Long targetAccountId, List<AccountChoice> choices) {
        return new RecoveryPanel(backup, recoverables, scripts, unavailable, region, drRegions, drAccountId,
                drAccountRegions, targetAccountId, choices);
    }

    public RecoveryPanel(Backup backup, List<Recoverable> recoverables, List<ScriptRun> scripts,
                         List<String> unavailable, String region, List<String> drRegions) {
        this(backup, recoverables, scripts, unavailable, region, drRegions, null, List.of());
    }

    /** The panel of the backup's own artifacts, in their regions. */
    public RecoveryPanel(Backup backup, List<Recoverable> recoverables, List<ScriptRun> scripts,
                         List<String> unavailable) {
        this(backup, recoverables, scripts, unavailable, null, List.of(), null, List.of());
    }
}
