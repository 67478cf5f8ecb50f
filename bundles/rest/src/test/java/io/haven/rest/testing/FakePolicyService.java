package io.haven.rest.testing;

import io.haven.api.model.Caller;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.PolicyTarget;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.PolicyService;
import io.haven.api.service.ValidationException;
import io.haven.api.target.TargetSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Policies and targets in maps; runNow hands out backup ids from 100 and refuses a second run. */
public class FakePolicyService implements PolicyService {

    public static final Instant CREATED = Instant.parse("2025-02-01T10:15:30Z");

    private final Map<Long, Policy> policies = new TreeMap<>();
    private final Map<Long, PolicyTarget> targets = new TreeMap<>();
    private long nextId = 1;
    private long nextBackupId = 100;
    public final List<Long> running = new ArrayList<>();
    public PolicySpec lastSpec;

    @Override
    public List<Policy> list(Caller caller) {
        return List.copyOf(policies.values());
    }

    @Override
    public Policy get(Caller caller, long id) {
        Policy policy = policies.get(id);
        if (policy == null) {
            throw new NotFoundException("Policy", id);
        }
        return policy;
    }

    @Override
    public Policy find(Caller caller, String idOrName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Policy create(Caller caller, PolicySpec spec) {
        lastSpec = spec;
        if (spec.generations() < 1) {
            throw new ValidationException("generations", "Keep at least 1 generation");
        }
        long id = nextId++;
        Policy policy = new Policy(id, spec, CREATED);
        policies.put(id, policy);
        return policy;
    }

    @Override
    public Policy update(Caller caller, long id, PolicySpec spec) {
        Policy old = get(caller, id);
        lastSpec = spec;
        if (old.spec().accountId() != spec.accountId()) {
            throw new ValidationException("accountId", "The account of a policy cannot change");
        }
        Policy policy = new Policy(id, spec, old.created());
        policies.put(id, policy);
        return policy;
    }

    /** Backups outside the freezer that each policy has, by policy id. */
    public final Map<Long, Integer> unfrozenBackups = new TreeMap<>();

    @Override
    public int delete(Caller caller, long id, boolean deleteBackups) {
        int backups = deletableBackups(caller, id);
        if (backups > 0 && !deleteBackups) {
            throw new ConflictException("Policy " + id + " has " + backups + " backups outside the freezer");
        }
        policies.remove(id);
        return backups;
    }

    @Override
    public int deletableBackups(Caller caller, long id) {
        get(caller, id);
        return unfrozenBackups.getOrDefault(id, 0);
    }

    @Override
    public List<PolicyTarget> targets(Caller caller, long policyId) {
        get(caller, policyId);
        return targets.values().stream().filter(t -> t.policyId() == policyId).toList();
    }

    @Override
    public PolicyTarget addTarget(Caller caller, long policyId, TargetSpec target) {
        get(caller, policyId);
        long id = nextId++;
        PolicyTarget created = new PolicyTarget(id, policyId, target, true);
        targets.put(id, created);
        return created.withWarnings(addWarnings);
    }

    /** The warnings an add answers with; none unless a test sets them (the rule is core's, tested there). */
    public java.util.List<io.haven.api.model.TagWarning> addWarnings = java.util.List.of();

    /** Adds each in turn; the all-or-nothing rule is core's, tested there. */
    @Override
    public java.util.List<PolicyTarget> addTargets(Caller caller, long policyId, java.util.List<TargetSpec> specs) {
        return specs.stream().map(spec -> addTarget(caller, policyId, spec)).toList();
    }

    /** Nothing is held in this fake unless a test puts it here. */
    public final java.util.Map<String, java.util.List<String>> holders = new java.util.TreeMap<>();

    @Override
    public java.util.Map<String, java.util.List<String>> holders(Caller caller, String type, String region) {
        return holders;
    }

    @Override
    public void removeTarget(Caller caller, long policyId, long targetId) {
        PolicyTarget target = targets.get(targetId);
        if (target == null || target.policyId() != policyId) {
            throw new NotFoundException("Target", targetId);
        }
        targets.remove(targetId);
    }

    /** The warnings the next removal answers with; none unless a test sets them (the rule is core's, tested there). */
    public java.util.List<io.haven.api.model.TagWarning> removalWarnings = java.util.List.of();

    @Override
    public java.util.List<io.haven.api.model.TagWarning> removeTargetWithWarnings(Caller caller, long policyId,
                                                                                 long targetId) {
        removeTarget(caller, policyId, targetId);
        return removalWarnings;
    }

    /** Replaces the options; as a type would, it refuses a backupMode of "sometimes", naming the option. */
    @Override
    public PolicyTarget updateTargetOptions(Caller caller, long policyId, long targetId, Map<String, String> options) {
        get(caller, policyId);
        PolicyTarget target = targets.get(targetId);
        if (target == null || target.policyId() != policyId) {
            throw new NotFoundException("Target", targetId);
        }
        if ("sometimes".equals(options.get("backupMode"))) {
            throw new ValidationException("options.backupMode", "'backupMode' must be one of snapshots, "
                    + "snapshots-and-initial-ami, ami, not 'sometimes'");
        }
        TargetSpec spec = target.spec();
        PolicyTarget changed = new PolicyTarget(targetId, policyId, new TargetSpec(spec.type(), spec.region(),
                spec.resourceId(), options), target.available());
        targets.put(targetId, changed);
        return changed;
    }

    @Override
    public long runNow(Caller caller, long policyId) {
        get(caller, policyId);
        if (running.contains(policyId)) {
            throw new ConflictException("A backup of policy " + policyId + " is already in progress");
        }
        running.add(policyId);
        return nextBackupId++;
    }
}
