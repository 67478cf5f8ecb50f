package io.haven.shell.testing;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Policies and their targets in memory; {@link #runNow} hands out backup ids from 42 on. */
public class FakePolicies implements PolicyService {

    public final Map<Long, Policy> policies = new LinkedHashMap<>();
    public final Map<Long, List<PolicyTarget>> targets = new LinkedHashMap<>();
    public final Set<Long> running = new HashSet<>();
    public PolicySpec lastSpec;
    private long nextId = 1;
    private long nextTargetId = 1;
    private long nextBackupId = 42;

    public Policy add(PolicySpec spec) {
        Policy p = new Policy(nextId++, spec, Instant.parse("2026-01-01T00:00:00Z"));
        policies.put(p.id(), p);
        targets.put(p.id(), new ArrayList<>());
        return p;
    }

    @Override
    public List<Policy> list(Caller caller) {
        return List.copyOf(policies.values());
    }

    @Override
    public Policy get(Caller caller, long id) {
        Policy p = policies.get(id);
        if (p == null) {
            throw new NotFoundException("Policy", id);
        }
        return p;
    }

    @Override
    public Policy find(Caller caller, String idOrName) {
        return policies.values().stream().filter(p -> p.spec().name().equals(idOrName)).findFirst()
                .or(() -> policies.values().stream().filter(p -> String.valueOf(p.id()).equals(idOrName)).findFirst())
                .orElseThrow(() -> new NotFoundException("Policy", idOrName));
    }

    @Override
    public Policy create(Caller caller, PolicySpec spec) {
        lastSpec = spec;
        if (spec.generations() < 1 || spec.generations() > 1000) {
            throw new ValidationException("generations", "Must be between 1 and 1000, was " + spec.generations());
        }
        return add(spec);
    }

    @Override
    public Policy update(Caller caller, long id, PolicySpec spec) {
        Policy old = get(caller, id);
        lastSpec = spec;
        Policy updated = new Policy(id, spec, old.created());
        policies.put(id, updated);
        return updated;
    }

    /** Backups outside the freezer, by policy id. */
    public final Map<Long, Integer> unfrozenBackups = new java.util.HashMap<>();
    public Boolean lastConsent;

    @Override
    public int delete(Caller caller, long id, boolean deleteBackups) {
        int backups = deletableBackups(caller, id);
        lastConsent = deleteBackups;
        if (backups > 0 && !deleteBackups) {
            throw new io.haven.api.service.ConflictException("Policy has backups");
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
        return List.copyOf(targets.get(policyId));
    }

    @Override
    public PolicyTarget addTarget(Caller caller, long policyId, TargetSpec target) {
        get(caller, policyId);
        if (target.type() == null) {
            throw new ValidationException("type", "Choose a target type");
        }
        PolicyTarget t = new PolicyTarget(nextTargetId++, policyId, target, true);
        targets.get(policyId).add(t);
        return t.withWarnings(addWarnings);
    }

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

    /** Replaces the options; as a type would, it refuses a backupMode of "sometimes", naming the option. */
    @Override
    public PolicyTarget updateTargetOptions(Caller caller, long policyId, long targetId, Map<String, String> options) {
        get(caller, policyId);
        List<PolicyTarget> held = targets.get(policyId);
        PolicyTarget target = held.stream().filter(t -> t.id() == targetId).findFirst()
                .orElseThrow(() -> new NotFoundException("Target", targetId));
        if ("sometimes".equals(options.get("backupMode"))) {
            throw new ValidationException("options.backupMode", "'backupMode' must be one of snapshots, "
                    + "snapshots-and-initial-ami, ami, not 'sometimes'");
        }
        PolicyTarget changed = new PolicyTarget(targetId, policyId, new TargetSpec(target.spec().type(),
                target.spec().region(), target.spec().resourceId(), options), target.available());
        held.set(held.indexOf(target), changed);
        return changed;
    }

    @Override
    public void removeTarget(Caller caller, long policyId, long targetId) {
        get(caller, policyId);
        if (!targets.get(policyId).removeIf(t -> t.id() == targetId)) {
            throw new NotFoundException("Target", targetId);
        }
    }

    /** The warnings an add answers with; none unless a test sets them (the rule is core's, tested there). */
    public java.util.List<io.haven.api.model.TagWarning> addWarnings = java.util.List.of();

    /** The warnings a removal answers with; none unless a test sets them. */
    public java.util.List<io.haven.api.model.TagWarning> removalWarnings = java.util.List.of();

    @Override
    public java.util.List<io.haven.api.model.TagWarning> removeTargetWithWarnings(Caller caller, long policyId,
                                                                                 long targetId) {
        removeTarget(caller, policyId, targetId);
        return removalWarnings;
    }

    @Override
    public long runNow(Caller caller, long policyId) {
        Policy p = get(caller, policyId);
        if (!running.add(policyId)) {
            throw new ConflictException("A backup of policy " + p.spec().name() + " is already in progress");
        }
        return nextBackupId++;
    }
}
