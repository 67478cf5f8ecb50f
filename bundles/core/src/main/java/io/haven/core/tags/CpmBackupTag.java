package io.haven.core.tags;

import java.util.List;

/**
 * The value of the {@code cpm backup} tag (guide 13), parsed. The grammar, kept exactly so that CPM users'
 * tags work unchanged:
 *
 * <pre>
 * value      = "no-backup" | assignment { " " assignment }
 * assignment = policy [ ":" template ] { "#" option }
 * </pre>
 *
 * <p>{@code policy1 policy2} adds the resource to both policies; {@code new_policy:template_policy} creates
 * {@code new_policy} from the template (if it does not exist yet) and adds the resource to it; options after
 * {@code #} ({@code only-snaps}, {@code initial-ami}, {@code only-amis}, {@code only-amis-reboot},
 * {@code app-aware} for EC2 instances) set the target's backup options and are checked by its target type, not
 * here; {@code no-backup} removes the resource from every policy. Entries are separated by one or more spaces.
 */
public sealed interface CpmBackupTag permits CpmBackupTag.NoBackup, CpmBackupTag.Assignments {

    /** The tag's key, lower case with a space. */
    String KEY = "cpm backup";

    /** The value that removes the resource from every policy. */
    String NO_BACKUP = "no-backup";

    /** {@code no-backup}: remove the resource from all policies. */
    record NoBackup() implements CpmBackupTag {
    }

    /** One or more policies to add the resource to, in the order written. */
    record Assignments(List<Assignment> assignments) implements CpmBackupTag {
        public Assignments {
            assignments = List.copyOf(assignments);
        }
    }

    /**
     * Add the resource to {@code policy}; when {@code template} is not null, a policy of that name is first
     * made from the template if it does not exist.
     *
     * @param options the target's backup options as written (lower case), in order, without duplicates
     */
    record Assignment(String policy, String template, List<String> options) {
        public Assignment {
            options = List.copyOf(options);
        }

        public boolean createsFromTemplate() {
            return template != null;
        }
    }
}
