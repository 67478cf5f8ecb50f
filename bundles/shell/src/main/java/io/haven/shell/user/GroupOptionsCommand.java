package io.haven.shell.user;

import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.ResourceLimits;
import io.haven.api.model.UserGroup;
import io.haven.api.model.UserGroupDraft;
import io.haven.api.model.UserType;
import io.haven.api.service.ValidationException;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Option;

/**
 * The options of {@code haven:group-add} and {@code haven:group-update} (guide 17.3): those not given keep what the
 * group has. Core checks them.
 */
abstract class GroupOptionsCommand extends LimitOptionsCommand {

    @Option(name = "--type", description = "The user type members get: independent, managed or delegate")
    String type;

    @Option(name = "--enabled", description = "Members may sign in: yes or no")
    String enabled;

    @Option(name = "--file-level-recovery", description = "Members may use file-level recovery: yes or no")
    String fileLevelRecovery;

    @Option(name = "--original-user", description = "For a delegate group: the user its members are delegates of")
    String originalUser;

    @Option(name = "--allow-recovery", description = "For a delegate group: members may start recoveries (yes or no)")
    String allowRecovery;

    @Option(name = "--allow-account-changes", description = "For a delegate group: members may change accounts (yes or no)")
    String allowAccountChanges;

    @Option(name = "--allow-backup-changes", description = "For a delegate group: members may change backups (yes or no)")
    String allowBackupChanges;

    UserGroupDraft draft(String name, UserGroup current) {
        DelegatePermissions p = current == null ? DelegatePermissions.VIEW_ONLY : current.permissions();
        DelegatePermissions permissions = allowRecovery == null && allowAccountChanges == null
                && allowBackupChanges == null ? null : new DelegatePermissions(
                yesNo("allow-recovery", allowRecovery, p.recover()),
                yesNo("allow-account-changes", allowAccountChanges, p.changeAccounts()),
                yesNo("allow-backup-changes", allowBackupChanges, p.changeBackups()));
        return new UserGroupDraft(name, enabled == null ? null : yesNo("enabled", enabled, true), type(),
                fileLevelRecovery == null ? null : yesNo("file-level-recovery", fileLevelRecovery, false),
                limitsGiven() ? limits(current == null ? ResourceLimits.UNLIMITED : current.limits()) : null,
                originalUser, permissions);
    }

    private UserType type() {
        if (type == null) {
            return null;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "independent" -> UserType.INDEPENDENT;
            case "managed" -> UserType.MANAGED;
            case "delegate" -> UserType.DELEGATE;
            default -> throw new ValidationException("type", "independent, managed or delegate, not '" + type + "'");
        };
    }

    private static boolean yesNo(String option, String given, boolean current) {
        if (given == null) {
            return current;
        }
        return switch (given.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new ValidationException(option, "yes or no, not '" + given + "'");
        };
    }

    static String describe(UserGroup g) {
        String who = switch (g.type()) {
            case DELEGATE -> "delegates of " + (g.originalUsername() == null ? "the user their claim names"
                    : "'" + g.originalUsername() + "'") + ", " + DelegatePermissionCommand.describe(g.permissions());
            case MANAGED -> "managed users" + (g.limits().unlimited() ? "" : ", limits " + g.limits());
            default -> "independent users" + (g.limits().unlimited() ? "" : ", limits " + g.limits());
        };
        return g.id() + "  " + g.name() + (g.builtIn() ? " (built-in)" : "") + (g.enabled() ? "" : " [disabled]")
                + ": " + who + "; in the identity provider: cpm_" + g.name();
    }
}
