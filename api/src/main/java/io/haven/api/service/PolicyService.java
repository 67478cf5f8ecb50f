package io.haven.api.service;

import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.PolicyTarget;
import io.haven.api.target.TargetSpec;
import java.util.List;
import java.util.Map;
import io.haven.api.model.Caller;
import org.osgi.annotation.versioning.ProviderType;

/** Backup policies and their targets (guide 4.2). */
@ProviderType
public interface PolicyService {

    List<Policy> list(Caller caller);

    Policy get(Caller caller, long id);

    Policy find(Caller caller, String idOrName);

    Policy create(Caller caller, PolicySpec spec);

    /** @throws ValidationException when the account would change */
    Policy update(Caller caller, long id, PolicySpec spec);

    /**
     * Deletes the policy. Its backups that are not in the freezer, and their artifacts in AWS, are
     * deleted with it (the artifacts in the background); frozen backups stay.
     *
     * @param deleteBackups the caller's explicit consent to delete the policy's unfrozen backups
     * @return how many backups are being deleted with the policy
     * @throws ConflictException when the policy has unfrozen backups and {@code deleteBackups} is false,
     *                           or when one of its backups is in progress
     */
    int delete(Caller caller, long id, boolean deleteBackups);

    /** How many of the policy's backups a {@link #delete} would delete (those not in the freezer). */
    int deletableBackups(Caller caller, long id);

    List<PolicyTarget> targets(Caller caller, long policyId);

    /**
     * Adds a target after the target type has validated it and the resource was found in AWS. When the account's
     * resources are tag-scanned and the resource's {@code cpm backup} tag says {@code no-backup}, the target is added
     * all the same and carries a {@link io.haven.api.model.TagWarning} saying that the next scan removes it (since 2.4).
     */
    PolicyTarget addTarget(Caller caller, long policyId, TargetSpec target);

    /** The most targets one {@link #addTargets} request adds. */
    int MAX_TARGETS_PER_REQUEST = 200;

    /**
     * Adds several targets at once, all or none: each is checked as {@link #addTarget} checks it (one look-up of
     * that resource, no listing), and a refusal names its place, e.g. {@code targets[3].resourceId}.
     *
     * @since service 2.1
     */
    List<PolicyTarget> addTargets(Caller caller, long policyId, List<TargetSpec> targets);

    /**
     * Which of the caller's policies hold resources of a type in a region (the guide's "Policies" column of the
     * target picker): resource id to the names of the policies, sorted.
     *
     * @since service 2.1
     */
    Map<String, List<String>> holders(Caller caller, String type, String region);

    /** Removes a target; says nothing of tags (see {@link #removeTargetWithWarnings}). */
    void removeTarget(Caller caller, long policyId, long targetId);

    /**
     * Removes a target as {@link #removeTarget} does, then tells whether the resource's {@code cpm backup} tag
     * contradicts the removal (guide 13, "Pitfalls"): when the account's resources are tag-scanned and the tag names
     * the policy (or, when AWS cannot be asked, the last scan added the resource to it), the next scan will add it
     * again. The removal stands either way.
     *
     * @return the warnings, empty when nothing contradicts the removal
     * @since service 2.4
     */
    List<io.haven.api.model.TagWarning> removeTargetWithWarnings(Caller caller, long policyId, long targetId);

    /**
     * Replaces the options of one of the policy's targets; its type, region and resource stay. The options are checked
     * as {@link #addTarget} checks them (by the target's type, a refusal naming {@code options.<name>}), by the same
     * rules of who may change the policy; a refusal changes nothing. An empty map gives the type's defaults.
     *
     * @throws NotFoundException  when the caller does not see the policy, or the policy has no such target
     * @throws ConflictException  when no installed plugin serves the target's type, so nothing can check the options
     * @since service 2.4
     */
    PolicyTarget updateTargetOptions(Caller caller, long policyId, long targetId, Map<String, String> options);

    /**
     * Starts a backup of the policy now and returns its id at once; the run goes on in the
     * background.
     *
     * @throws ConflictException when a backup of the policy is already in progress
     */
    long runNow(Caller caller, long policyId);
}
