package io.haven.api.model;

/**
 * What a delegate may do in the world of the user it acts for, besides viewing the settings and the environment and
 * monitoring backups (guide 16.4). All false by default.
 *
 * @param recover        start recoveries
 * @param changeAccounts add, change and delete AWS accounts
 * @param changeBackups  create, change and delete policies and schedules, add and remove targets, run policies,
 *                       freeze and delete backups
 * @since 1.7
 */
public record DelegatePermissions(boolean recover, boolean changeAccounts, boolean changeBackups) {

    /** View and monitor only: what a new delegate gets. */
    public static final DelegatePermissions VIEW_ONLY = new DelegatePermissions(false, false, false);
}
