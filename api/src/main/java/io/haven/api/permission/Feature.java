package io.haven.api.permission;

import java.util.List;
import java.util.Objects;

/**
 * Something Haven does with an account, and the IAM actions it needs for it.
 *
 * @param id       stable, for example {@code ebs-volume.backup}
 * @param title    for people, for example {@code Back up EBS volumes}
 * @param required true when every account needs it for backups; false for features such as recovery,
 *                 whose permissions may be given with other credentials when they are used
 * @param actions  IAM actions, {@code service:Action}, as in an IAM policy
 * @param drAccount true for what a DR account does (cross-account DR copies, guide 11): checked for DR accounts only,
 *                 the other features for backup accounts only; {@code required} then means every DR account needs
 *                 it (since 1.1)
 */
public record Feature(String id, String title, boolean required, List<String> actions, boolean drAccount) {

    public Feature {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        actions = List.copyOf(actions);
    }

    /** A feature of backup accounts. */
    public Feature(String id, String title, boolean required, List<String> actions) {
        this(id, title, required, actions, false);
    }
}
