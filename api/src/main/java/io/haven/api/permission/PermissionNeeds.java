package io.haven.api.permission;

import io.haven.api.target.CloudContext;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a plugin needs from AWS, registered as an OSGi service by target-type and recovery plugins. Core
 * collects every registered one, so a hot-deployed type's features appear in the check with it.
 */
@ConsumerType
public interface PermissionNeeds {

    /** The plugin's features and their IAM actions. */
    List<Feature> features();

    /**
     * Tells whether the context's identity may call an action, by a call that changes nothing: an EC2
     * call with {@code DryRun}, a describe, or a call naming a resource that cannot exist (AWS checks
     * permission before it looks the resource up). Used when IAM policy simulation is not allowed.
     *
     * @param action one of this plugin's actions, {@code service:Action}
     * @return {@link Decision#UNKNOWN} when no such call exists for the action
     */
    default Decision probe(CloudContext ctx, String action) {
        return Decision.UNKNOWN;
    }
}
