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
 */
public record Feature(String id, String title, boolean required, List<String> actions) {

    public Feature {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        actions = List.copyOf(actions);
    }
}
