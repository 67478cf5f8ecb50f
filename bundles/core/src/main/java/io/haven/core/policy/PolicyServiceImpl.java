package io.haven.core.policy;

import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Account;
import io.haven.api.model.DrSettings;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.PolicyTarget;
import io.haven.api.model.TargetRemoval;
import io.haven.api.model.Caller;
import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
import io.haven.store.OwnerRepository.Owned;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.PolicyService;
import io.haven.api.service.ValidationException;
import io.haven.api.selfbackup.SelfBackup;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.core.account.CloudContexts;
import io.haven.core.backup.BackupHousekeeper;
import io.haven.core.backup.BackupStarter;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.internal.Validation;
import io.haven.core.limits.ResourceLimitRules;
import io.haven.core.limits.ResourceLimitRules.Adding;
import io.haven.core.schedule.SchedulePlanner;
import io.haven.store.HavenStore;
import io.haven.store.PolicyRepository.StoredTarget;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Policies and their targets (guide 4.2). Every rule lives here, so REST and the shell get the same. */
@Component(service = {PolicyService.class, PolicyServiceImpl.class})
public class PolicyServiceImpl implements PolicyService {

    static final int MAX_GENERATIONS = 1000;
    static final int MAX_RETRIES = 10;
    static final int MAX_RETRY_WAIT_MINUTES = 24 * 60;
    static final int MAX_FAILURES_TO_ALERT = 100;
    static final int MAX_SCRIPT_TIMEOUT_SECONDS = 3600;
    /** The store's columns: resource_id VARCHAR(256), options VARCHAR(4000) URL-encoded. */
    static final int MAX_RESOURCE_ID = 256;
    static final int MAX_OPTIONS_TEXT = 400;

    private final HavenStore store;
    private final TargetTypeRegistry types;
    private final CloudContexts clouds;
    private final BackupStarter engine;
    private final SchedulePlanner planner;
    private final BackupHousekeeper housekeeper;
    private final Worlds worlds;
    private final ResourceLimitRules limits;
    private final io.haven.core.tags.TagContradictions tagContradictions;

    @Activate
    public PolicyServiceImpl(@Reference HavenStore store, @Reference TargetTypeRegistry types,
                             @Reference CloudContexts clouds, @Reference BackupStarter engine,
                             @Reference SchedulePlanner planner, @Reference BackupHousekeeper housekeeper) {
        this.store = store;
        this.types = types;
        this.clouds = clouds;
        this.engine = engine;
        this.planner = planner;
        this.housekeeper = housekeeper;
        this.worlds = new Worlds(store);
        this.limits = new ResourceLimitRules(store, types);
        this.tagContradictions = new io.haven.core.tags.TagContradictions(store, java.time.Clock.systemUTC());
    }

    @Override
    public List<Policy> list(Caller caller) {
        var visible = store.owners().ownedBy(Owned.POLICY, worlds.visibleOwners(caller));
        return store.policies().list().stream().filter(p -> visible.contains(p.id())).toList();
    }

    @Override
    public Policy get(Caller caller, long id) {
        worlds.require(caller, Owned.POLICY, id, "Policy");
        return store.policies().get(id).orElseThrow(() -> new NotFoundException("Policy", id));
    }

    @Override
    public Policy find(Caller caller, String idOrName) {
        return store.policies().byName(idOrName)
                .or(() -> Validation.parseId(idOrName).flatMap(id -> store.policies().get(id)))
                .filter(p -> worlds.sees(caller, Owned.POLICY, p.id()))
                .orElseThrow(() -> new NotFoundException("Policy", idOrName));
    }

    @Override
    public synchronized Policy create(Caller caller, PolicySpec spec) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        long owner = worlds.ownerForNew(caller);
        PolicySpec clean = validate(owner, spec);
        worlds.requireReference(owner, Owned.ACCOUNT, clean.accountId(), "accountId", "Account");
        if (store.policies().byName(clean.name()).isPresent()) {
            throw new ConflictException("A policy named '" + clean.name() + "' already exists");
        }
        long id = store.policies().insert(owner, clean);
        planner.replan();
        return get(caller, id);
    }

    /**
     * Creates a policy for a tag scan (guide 13, {@code new_policy:template_policy}) in the caller's world: it takes
     * the template's generations, schedules, script and retry settings and alert count, never its targets; its auto
     * target removal is always "yes and alert", and it is marked as made by a tag scan. The same rules as
     * {@link #create} apply.
     */
    public synchronized Policy createFromTemplate(Caller caller, String name, Policy template, long accountId) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        long owner = worlds.ownerForNew(caller);
        PolicySpec t = template.spec();
        PolicySpec clean = validate(owner, new PolicySpec(name, accountId, "Made by tag scan from template '" + t.name()
                + "'", t.enabled(), t.generations(), t.scheduleIds(), t.retries(), t.retryWaitMinutes(),
                TargetRemoval.YES_AND_ALERT, t.successCriterion(), t.failuresToAlert(), t.scripts(), t.dr()));
        worlds.requireReference(owner, Owned.ACCOUNT, clean.accountId(), "accountId", "Account");
        if (store.policies().byName(clean.name()).isPresent()) {
            throw new ConflictException("A policy named '" + clean.name() + "' already exists");
        }
        long id = store.policies().insert(owner, clean, true);
        planner.replan();
        return get(caller, id);
    }

    @Override
    public synchronized Policy update(Caller caller, long id, PolicySpec spec) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        long owner = worlds.require(caller, Owned.POLICY, id, "Policy");
        Policy current = get(caller, id);
        PolicySpec clean = validate(owner, spec);
        requireTargetsFitName(id, clean.name());
        if (clean.accountId() != current.spec().accountId()) {
            throw new ValidationException("accountId", "The account of a policy cannot change once it is created");
        }
        store.policies().byName(clean.name()).filter(other -> other.id() != id).ifPresent(other -> {
            throw new ConflictException("A policy named '" + clean.name() + "' already exists");
        });
        store.policies().update(id, clean);
        planner.replan();
        return get(caller, id);
    }

    @Override
    public synchronized int delete(Caller caller, long id, boolean deleteBackups) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        Policy policy = get(caller, id);
        if (store.backups().hasInProgress(id)) {
            throw new ConflictException("A backup of policy '" + policy.spec().name() + "' is in progress; delete the "
                    + "policy once it has ended");
        }
        int backups = deletableBackups(caller, id);
        if (backups > 0 && !deleteBackups) {
            throw new ConflictException("Policy '" + policy.spec().name() + "' has " + backups + " backups outside the "
                    + "freezer; deleting the policy deletes them and their snapshots. Confirm to go ahead, or move "
                    + "the backups to keep to the freezer first");
        }
        store.policies().delete(id);
        planner.replan();
        if (backups > 0) {
            housekeeper.deleteOrphansSoon();
        }
        return backups;
    }

    @Override
    public int deletableBackups(Caller caller, long id) {
        get(caller, id);
        return (int) store.backups().countUnfrozen(id);
    }

    @Override
    public List<PolicyTarget> targets(Caller caller, long policyId) {
        get(caller, policyId);
        return store.policies().targets(policyId).stream().map(this::view).toList();
    }

    /**
     * Checks the target, asks AWS whether the resource exists, then stores it. The look-up runs outside the lock
     * that serialises policy changes, so that a slow or unreachable AWS holds up no other change; the checks that
     * depend on the stored state are made again under the lock.
     */
    @Override
    public PolicyTarget addTarget(Caller caller, long policyId, TargetSpec target) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        Policy policy = get(caller, policyId);
        if (target == null) {
            throw new ValidationException("body", "A target is required");
        }
        TargetType type = types.require("type", target.type());
        requireFitsPolicy(policy, target.type(), "type");
        TargetSpec clean = clean(type, target, "");
        // Cheap refusals first, so that a full or duplicate target costs no AWS call.
        checkRoomFor(policyId, type, clean);
        Resource resource = requireExists(policy, type, clean, "");
        PolicyTarget added;
        synchronized (this) {
            get(caller, policyId);
            checkRoomFor(policyId, type, clean);
            List<Long> uses = limits.checkTargets(ownerOf(policyId), policy.spec().accountId(),
                    List.of(new Adding(type, clean, resource)));
            added = view(store.policies().addTarget(policyId, clean, uses.get(0)));
        }
        // Outside the lock: the tag was read with the look-up above; the warning goes to the scan log too.
        return added.withWarnings(tagContradictions.added(caller, policy, type, clean, resource));
    }

    @Override
    public List<PolicyTarget> addTargets(Caller caller, long policyId, List<TargetSpec> targets) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        Policy policy = get(caller, policyId);
        if (targets == null || targets.isEmpty()) {
            throw new ValidationException("targets", "Give at least one target");
        }
        if (targets.size() > MAX_TARGETS_PER_REQUEST) {
            throw new ValidationException("targets", "At most " + MAX_TARGETS_PER_REQUEST + " targets per request, got "
                    + targets.size());
        }
        List<TargetType> kinds = new ArrayList<>();
        List<TargetSpec> clean = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            String at = "targets[" + i + "].";
            if (targets.get(i) == null) {
                throw new ValidationException("targets[" + i + "]", "A target is required");
            }
            TargetType type = types.require(at + "type", targets.get(i).type());
            requireFitsPolicy(policy, targets.get(i).type(), at + "type");
            kinds.add(type);
            clean.add(clean(type, targets.get(i), at));
        }
        checkRoomForAll(policyId, kinds, clean);
        // One look-up of each resource, outside any lock; nothing is added unless every one exists.
        List<Adding> adding = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            adding.add(new Adding(kinds.get(i), clean.get(i),
                    requireExists(policy, kinds.get(i), clean.get(i), "targets[" + i + "].")));
        }
        List<StoredTarget> stored;
        synchronized (this) {
            get(caller, policyId);
            checkRoomForAll(policyId, kinds, clean);
            List<Long> uses = limits.checkTargets(ownerOf(policyId), policy.spec().accountId(), adding);
            stored = store.policies().addTargets(policyId, clean, uses);
        }
        List<PolicyTarget> added = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            Adding a = adding.get(i);
            added.add(view(stored.get(i)).withWarnings(tagContradictions.added(caller, policy, a.type(), a.spec(),
                    a.resource())));
        }
        return added;
    }

    @Override
    public Map<String, List<String>> holders(Caller caller, String type, String region) {
        return store.policies().holders(type, region, store.owners().ownedBy(Owned.POLICY, worlds.visibleOwners(caller)));
    }

    /** The target as it will be stored, or a refusal naming the field after {@code at} (e.g. {@code targets[2].}). */
    private TargetSpec clean(TargetType type, TargetSpec target, String at) {
        try {
            Validation.region("region", target.region());
            String resourceId = Validation.requiredText("resourceId", target.resourceId(), MAX_RESOURCE_ID,
                    "The id of the resource to back up");
            TargetSpec clean = new TargetSpec(target.type(), target.region(), resourceId,
                    Validation.textMap("options", target.options(), MAX_OPTIONS_TEXT));
            type.validate(clean);
            return clean;
        } catch (InvalidTargetException e) {
            throw new ValidationException(at + e.field(), e.getMessage());
        } catch (ValidationException e) {
            throw at.isEmpty() ? e : new ValidationException(at + e.field(), e.getMessage());
        }
    }

    /** The resource as the type finds it in AWS; its size is weighed against the owner's resource limits. */
    private Resource requireExists(Policy policy, TargetType type, TargetSpec clean, String at) {
        java.util.Optional<Resource> found;
        try {
            found = type.find(clouds.context(policy.spec().accountId(), clean.region()), clean.resourceId());
        } catch (RuntimeException e) {
            throw new ValidationException(at + "resourceId", "Could not look up " + clean.resourceId() + " in "
                    + clean.region() + ": " + e.getMessage());
        }
        return found.orElseThrow(() -> new ValidationException(at + "resourceId", "No " + type.displayName() + " "
                + clean.resourceId() + " exists in " + clean.region() + " for this policy's account"));
    }

    /** The user whose world the policy is in: its resource limits apply. */
    private long ownerOf(long policyId) {
        return store.owners().ownerOf(Owned.POLICY, policyId)
                .orElseThrow(() -> new NotFoundException("Policy", policyId));
    }

    /** As {@link #checkRoomFor}, for a batch: no duplicates within it, and room for all of a type together. */
    private void checkRoomForAll(long policyId, List<TargetType> kinds, List<TargetSpec> clean) {
        Map<String, Long> adding = new java.util.HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < clean.size(); i++) {
            TargetSpec t = clean.get(i);
            if (!seen.add(t.type() + "/" + t.region() + "/" + t.resourceId())) {
                throw new ValidationException("targets[" + i + "].resourceId", t.resourceId() + " is in the request twice");
            }
            try {
                checkRoomFor(policyId, kinds.get(i), t);
            } catch (ValidationException e) {
                throw new ValidationException("targets[" + i + "]." + e.field(), e.getMessage());
            }
            long total = store.policies().countTargets(policyId, t.type()) + adding.merge(t.type(), 1L, Long::sum);
            if (total > kinds.get(i).maxTargetsPerPolicy()) {
                throw new ValidationException("targets[" + i + "].type", "A policy can hold at most "
                        + kinds.get(i).maxTargetsPerPolicy() + " targets of type " + t.type() + "; this request would make "
                        + total + ". Use another policy for the rest");
            }
        }
    }

    /** Refuses a target that the policy already holds, or one more than its type allows per policy. */
    private void checkRoomFor(long policyId, TargetType type, TargetSpec clean) {
        long ofType = store.policies().countTargets(policyId, clean.type());
        if (ofType >= type.maxTargetsPerPolicy()) {
            throw new ValidationException("type", "A policy can hold at most " + type.maxTargetsPerPolicy() + " targets of "
                    + "type " + type.id() + " (" + type.displayName() + "); this one has " + ofType
                    + ". Use another policy for the rest");
        }
        boolean duplicate = store.policies().targets(policyId).stream().anyMatch(t -> t.spec().type().equals(clean.type())
                && t.spec().region().equals(clean.region()) && t.spec().resourceId().equals(clean.resourceId()));
        if (duplicate) {
            throw new ConflictException(clean.type() + " " + clean.resourceId() + " is already a target of this policy");
        }
    }

    @Override
    public synchronized void removeTarget(Caller caller, long policyId, long targetId) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        get(caller, policyId);
        if (!store.policies().removeTarget(policyId, targetId)) {
            throw new NotFoundException("Target", targetId + " of policy " + policyId);
        }
    }

    /**
     * Removes the target, then asks the tag rule whether the resource's tag contradicts the removal: the resource is
     * looked up in AWS outside the lock, and only for a type that takes part in tag scans of a scanned account.
     */
    @Override
    public List<io.haven.api.model.TagWarning> removeTargetWithWarnings(Caller caller, long policyId, long targetId) {
        Policy policy = get(caller, policyId);
        java.util.Optional<TargetSpec> removed = store.policies().targets(policyId).stream()
                .filter(t -> t.id() == targetId).map(StoredTarget::spec).findFirst();
        removeTarget(caller, policyId, targetId);
        if (removed.isEmpty()) {
            return List.of(); // not reached: removeTarget refuses a target the policy does not hold
        }
        TargetSpec target = removed.get();
        return types.find(target.type()).map(type -> tagContradictions.removed(caller, policy, type, target,
                () -> type.find(clouds.context(policy.spec().accountId(), target.region()), target.resourceId())))
                .orElse(List.of());
    }

    /**
     * The same checks as an add, for the options alone: who may change the policy, then the target's type judges the
     * options exactly as at add ({@link #clean}). No AWS call for the change: the resource does not change, and the
     * type's checks that need the resource (EC2: devices the instance has) run at backup time as they do for an added
     * target. Afterwards, outside the lock, the tag rule may look the resource up to warn that its tag asks for other
     * options (only for a type that takes part in tag scans of a scanned account).
     */
    @Override
    public PolicyTarget updateTargetOptions(Caller caller, long policyId, long targetId, Map<String, String> options) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        Policy policy = get(caller, policyId);
        StoredTarget current = store.policies().target(policyId, targetId)
                .orElseThrow(() -> new NotFoundException("Target", targetId + " of policy " + policyId));
        TargetSpec spec = current.spec();
        TargetType type = types.find(spec.type()).orElseThrow(() -> new ConflictException("No installed plugin serves "
                + "target type " + spec.type() + ", so nothing can check the options of target " + targetId
                + "; install it again first"));
        // Empty names and missing values are refused here, before a TargetSpec (which takes neither) is made of them.
        Map<String, String> given = Validation.textMap("options", options, MAX_OPTIONS_TEXT);
        TargetSpec clean = clean(type, new TargetSpec(spec.type(), spec.region(), spec.resourceId(), given), "");
        synchronized (this) {
            get(caller, policyId);
            if (!store.policies().updateTargetOptions(policyId, targetId, clean.options())) {
                throw new NotFoundException("Target", targetId + " of policy " + policyId);
            }
        }
        PolicyTarget updated = view(store.policies().target(policyId, targetId)
                .orElseThrow(() -> new NotFoundException("Target", targetId + " of policy " + policyId)));
        return updated.withWarnings(tagContradictions.optionsChanged(caller, policy, type, clean,
                () -> type.find(clouds.context(policy.spec().accountId(), clean.region()), clean.resourceId())));
    }

    @Override
    public long runNow(Caller caller, long policyId) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        return engine.start(get(caller, policyId), BackupTrigger.MANUAL, 1);
    }

    static final int MAX_DR_EVERY_BACKUPS = 1000;
    static final int MAX_DR_TIMEOUT_HOURS = 24 * 30;
    static final int MAX_DR_REGIONS = 30;

    private PolicySpec validate(long owner, PolicySpec spec) {
        if (spec == null) {
            throw new ValidationException("body", "A policy is required");
        }
        String name = Validation.name("name", spec.name());
        Validation.optionalText("description", spec.description(), 500);
        Validation.range("generations", spec.generations(), 1, MAX_GENERATIONS);
        Validation.range("retries", spec.retries(), 0, MAX_RETRIES);
        Validation.range("retryWaitMinutes", spec.retryWaitMinutes(), 0, MAX_RETRY_WAIT_MINUTES);
        Validation.range("failuresToAlert", spec.failuresToAlert(), 1, MAX_FAILURES_TO_ALERT);
        Validation.range("scripts.timeoutSeconds", spec.scripts().timeoutSeconds(), 1, MAX_SCRIPT_TIMEOUT_SECONDS);
        DrSettings dr = validateDr(spec.dr());
        if (SelfBackup.isSelfBackupPolicy(name)) {
            selfBackupSettings(spec);
        }
        checkAccounts(owner, spec.accountId(), dr);
        List<Long> scheduleIds = List.copyOf(new LinkedHashSet<>(spec.scheduleIds()));
        for (int i = 0; i < scheduleIds.size(); i++) {
            Long scheduleId = scheduleIds.get(i);
            worlds.requireReference(owner, Owned.SCHEDULE, scheduleId, "scheduleIds[" + i + "]", "Schedule");
        }
        return new PolicySpec(name, spec.accountId(), spec.description(), spec.enabled(), spec.generations(),
                scheduleIds, spec.retries(), spec.retryWaitMinutes(), spec.autoRemoveTargets(), spec.successCriterion(),
                spec.failuresToAlert(), spec.scripts(), dr);
    }

    /**
     * The {@code cpmdata} policy (guide 10.4.3, decision 0042) backs up Haven itself: of its settings only the
     * schedules, generations and DR (and its description, enabled state, retries and alert count, which concern any
     * run) apply; backup scripts and automatic target removal mean nothing for it and are refused.
     */
    static void selfBackupSettings(PolicySpec spec) {
        if (spec.scripts().enabled()) {
            throw new ValidationException("scripts.enabled", "The " + SelfBackup.POLICY_NAME + " policy backs up Haven "
                    + "itself and runs no backup scripts");
        }
        if (spec.autoRemoveTargets() != TargetRemoval.NO) {
            throw new ValidationException("autoRemoveTargets", "The " + SelfBackup.POLICY_NAME + " policy backs up "
                    + "Haven itself; its one target is not removed automatically");
        }
    }

    /** The cpmdata policy holds only a {@value SelfBackup#TARGET_TYPE} target, and no other policy holds one. */
    private static void requireFitsPolicy(Policy policy, String type, String field) {
        boolean self = SelfBackup.isSelfBackupPolicy(policy.spec().name());
        if (self && !SelfBackup.TARGET_TYPE.equals(type)) {
            throw new ValidationException(field, "The " + SelfBackup.POLICY_NAME + " policy backs up Haven itself: its "
                    + "only target is of type " + SelfBackup.TARGET_TYPE + " (the S3 bucket of the archives), not " + type);
        }
        if (!self && SelfBackup.TARGET_TYPE.equals(type)) {
            throw new ValidationException(field, "Targets of type " + SelfBackup.TARGET_TYPE + " belong to the policy "
                    + "named " + SelfBackup.POLICY_NAME + " only");
        }
    }

    /** A rename into or out of cpmdata must leave the policy's targets fitting its name. */
    private void requireTargetsFitName(long policyId, String name) {
        boolean self = SelfBackup.isSelfBackupPolicy(name);
        for (StoredTarget t : store.policies().targets(policyId)) {
            if (self != SelfBackup.TARGET_TYPE.equals(t.spec().type())) {
                throw new ValidationException("name", self
                        ? "A policy with targets of type " + t.spec().type() + " cannot be named "
                            + SelfBackup.POLICY_NAME + ": that policy backs up Haven itself"
                        : "The policy holds Haven's own data (type " + SelfBackup.TARGET_TYPE + "); it keeps the name "
                            + SelfBackup.POLICY_NAME);
            }
        }
    }

    /**
     * The accounts of a policy (guide 3.2.1, 11): its own is a backup account, never a DR account; its DR account,
     * when it has one, is another account of the same owner, of type DR, in another AWS account.
     */
    private void checkAccounts(long owner, long accountId, DrSettings dr) {
        worlds.requireReference(owner, Owned.ACCOUNT, accountId, "accountId", "Account");
        Account account = store.accounts().get(accountId).orElseThrow().account();
        if (account.isDr()) {
            throw new ValidationException("accountId", "Account " + account.name() + " is a DR account: it only "
                    + "receives disaster-recovery copies; back up with a backup account and name it as the DR account");
        }
        if (!dr.crossAccount()) {
            return;
        }
        worlds.requireReference(owner, Owned.ACCOUNT, dr.account(), "dr.account", "Account");
        Account target = store.accounts().get(dr.account()).orElseThrow().account();
        if (!target.isDr()) {
            throw new ValidationException("dr.account", "Account " + target.name() + " is a backup account; "
                    + "cross-account DR copies go to an account of type DR");
        }
        if (target.awsAccountId() != null && target.awsAccountId().equals(account.awsAccountId())) {
            throw new ValidationException("dr.account", "DR account " + target.name() + " is AWS account "
                    + target.awsAccountId() + ", the policy's own; cross-account DR copies go to another AWS account");
        }
    }

    /**
     * DR settings (guide 10.1, 11): every N backups at least 1, a timeout of at least an hour, valid regions, none
     * twice, and when enabled one or more of them unless the copies go to a DR account (then none means the backup's
     * own regions); originals left out only with a DR account. Disabled settings keep their values, checked all the
     * same. The DR account itself is checked against the store by the service.
     */
    static DrSettings validateDr(DrSettings dr) {
        Validation.range("dr.everyBackups", dr.everyBackups(), 1, MAX_DR_EVERY_BACKUPS);
        Validation.range("dr.timeoutHours", dr.timeoutHours(), 1, MAX_DR_TIMEOUT_HOURS);
        if (dr.regions().size() > MAX_DR_REGIONS) {
            throw new ValidationException("dr.regions", "At most " + MAX_DR_REGIONS + " target regions, got "
                    + dr.regions().size());
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < dr.regions().size(); i++) {
            String region = Validation.region("dr.regions[" + i + "]", dr.regions().get(i));
            if (!seen.add(region)) {
                throw new ValidationException("dr.regions[" + i + "]", "Region " + region + " is listed twice");
            }
        }
        if (dr.enabled() && dr.regions().isEmpty() && !dr.crossAccount()) {
            throw new ValidationException("dr.regions", "DR needs at least one target region, or a DR account");
        }
        if (!dr.keepOriginals() && !dr.crossAccount()) {
            throw new ValidationException("dr.keepOriginals", "Originals can only be left out with cross-account DR: "
                    + "name a DR account, or keep the original snapshots");
        }
        return dr;
    }

    private PolicyTarget view(StoredTarget t) {
        return new PolicyTarget(t.id(), t.policyId(), t.spec(), types.find(t.spec().type()).isPresent());
    }
}
