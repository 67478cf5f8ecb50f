package io.haven.core.recovery;

import io.haven.api.model.Account;
import io.haven.api.model.AccountChoice;
import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.LogEntry;
import io.haven.api.model.RecoveredItem;
import io.haven.api.model.Recovery;
import io.haven.api.model.RecoveryCredentials;
import io.haven.api.model.RecoveryPanel;
import io.haven.api.model.RecoveryRequest;
import io.haven.api.recovery.AmiAssistant;
import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.TargetRecovery;
import io.haven.api.model.Caller;
import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
import io.haven.store.OwnerRepository.Owned;
import io.haven.api.service.ConflictException;
import io.haven.api.service.HavenException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.RecoveryService;
import io.haven.api.service.ValidationException;
import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetType;
import io.haven.aws.AwsIdentity;
import io.haven.core.account.AccountCredentials;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.Polling;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.internal.Validation;
import io.haven.store.BackupRepository;
import io.haven.store.BackupRepository.StoredArtifact;
import io.haven.store.HavenStore;
import io.haven.store.RecoveryRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Recovery from backups (guide chapter 9): the recovery panel, checked starts, the recovery monitor
 * and the AMI assistant. The plugins know AWS; this class knows which backup, which account and which
 * credentials, and refuses bad requests before anything is created.
 */
@Component(service = RecoveryService.class, immediate = true, configurationPid = CoreConfig.PID)
public class RecoveryServiceImpl implements RecoveryService {

    /** Choices are stored URL-encoded in a column of 16000 characters. */
    static final int MAX_CHOICES_TEXT = 1500;

    static final int MAX_LIST = 1000;

    /** The caller of a panel Haven builds for itself (a restart): no world bounds what it sees. */
    private static final Optional<Caller> HAVEN_ITSELF = Optional.empty();

    private final HavenStore store;
    private final RecoveryRegistry registry;
    private final AccountCredentials credentials;
    private final ScheduledExecutorService executor;
    private final ExecutorService starts;
    private final RecoveryEngine engine;
    private final Clock clock;
    private final Worlds worlds;
    private final TargetTypeRegistry types;

    @Activate
    public RecoveryServiceImpl(@Reference HavenStore store, @Reference RecoveryRegistry registry,
                               @Reference AccountCredentials credentials, @Reference TargetTypeRegistry types,
                               CoreConfig config) {
        this(store, registry, credentials, types,
                Executors.newScheduledThreadPool(2, Polling.threads("haven-recovery-")),
                Executors.newCachedThreadPool(Polling.threads("haven-recovery-start-")), Clock.systemUTC(),
                Duration.ofSeconds(Math.max(1, config.maxPollIntervalSeconds())),
                Duration.ofMinutes(Math.max(1, config.pollErrorLimitMinutes())));
        executor.execute(this::resume);
    }

    RecoveryServiceImpl(HavenStore store, RecoveryRegistry registry, AccountCredentials credentials,
                        TargetTypeRegistry types, ScheduledExecutorService executor, ExecutorService starts, Clock clock,
                        Duration maxPollInterval, Duration pollErrorLimit) {
        this.store = store;
        this.registry = registry;
        this.credentials = credentials;
        this.types = types;
        this.executor = executor;
        this.starts = starts;
        this.clock = clock;
        this.worlds = new Worlds(store);
        this.engine = new RecoveryEngine(store, registry, executor, starts, clock, maxPollInterval, pollErrorLimit);
    }

    @Deactivate
    public void stop() {
        executor.shutdownNow();
        starts.shutdownNow();
    }

    @Override
    public RecoveryPanel panel(Caller caller, long backupId) {
        return panel(caller, backupId, null);
    }

    @Override
    public RecoveryPanel panel(Caller caller, long backupId, String region) {
        return panel(caller, backupId, region, null);
    }

    @Override
    public RecoveryPanel panel(Caller caller, long backupId, String region, Long drAccountId) {
        return panel(caller, backupId, region, drAccountId, null);
    }

    @Override
    public RecoveryPanel panel(Caller caller, long backupId, String region, Long drAccountId, Long targetAccountId) {
        return panelFor(Optional.of(java.util.Objects.requireNonNull(caller, "caller")), backupId, region, drAccountId,
                targetAccountId);
    }

    /** The panel as {@code caller} sees it; {@link #HAVEN_ITSELF} (a restart) sees every world's objects. */
    private RecoveryPanel panelFor(Optional<Caller> caller, long backupId, String region, Long drAccountId,
                                   Long targetAccountId) {
        RecoveryPanel panel = sourcePanel(caller, backupId, region, drAccountId);
        Optional<Long> source = drAccountId != null ? Optional.of(drAccountId) : backupAccount(panel.backup());
        List<AccountChoice> choices = source.map(account -> targetAccounts(caller, account)).orElse(List.of());
        if (targetAccountId == null || source.equals(Optional.of(targetAccountId))) {
            return panel.inAccount(panel.recoverables(), null, choices);
        }
        Account target = targetAccount(caller, targetAccountId, accountOf(panel.backup(), drAccountId));
        // nothing of the artifacts' account (subnet, security group, key pair) exists in the other one
        return panel.inAccount(panel.recoverables().stream().map(r -> inAnotherAccount(r, target)).toList(),
                targetAccountId, choices);
    }

    /** The panel of the artifacts where they are: the backup's, its copies in a region, or a DR account's copies. */
    private RecoveryPanel sourcePanel(Optional<Caller> caller, long backupId, String region, Long drAccountId) {
        Backup backup = recoverableBackup(caller, backupId);
        DrCopies copies = new DrCopies(store, backupId);
        List<Long> drAccounts = DrCopies.drAccounts(store, backupId);
        if (drAccountId != null) {
            return drAccountPanel(caller, backup, region, drAccountId, copies);
        }
        Long drAccount = drAccounts.isEmpty() ? null : drAccounts.get(0);
        List<String> drAccountRegions = drAccount == null ? List.of() : new DrCopies(store, backupId, drAccount).regions();
        boolean fromCopies = region != null && !region.isBlank();
        if (fromCopies && !copies.regions().contains(region)) {
            throw new ValidationException("region", "Backup " + backupId + " has no completed DR copy in '" + region
                    + "'; recover from the origin" + (copies.regions().isEmpty() ? ""
                    : " or from one of " + String.join(", ", copies.regions())));
        }
        Map<String, List<Artifact>> byType = fromCopies ? copies.artifactsIn(region) : artifactsByType(backupId);
        List<Recoverable> recoverables = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        byType.forEach((type, artifacts) -> registry.find(type).ifPresentOrElse(
                recovery -> recoverables.addAll(recovery.recoverables(artifacts)), () -> unavailable.add(type)));
        return new RecoveryPanel(backup, fromCopies ? recoverables.stream().map(DrCopies::inAnotherRegion).toList()
                : recoverables, store.backups().scriptRuns(backupId), unavailable, fromCopies ? region : null,
                copies.regions(), drAccount, drAccountRegions);
    }

    /**
     * The panel of the backup's copies in a DR account (guide 11.5): recovered in that account, in the region asked
     * for or, when none is named, the only region the copies are in. Options that name something of the origin have
     * no default there: nothing of the backup's account exists in the DR account.
     */
    private RecoveryPanel drAccountPanel(Optional<Caller> caller, Backup backup, String region, long drAccountId,
                                         DrCopies ownCopies) {
        if (!sees(caller, Owned.ACCOUNT, drAccountId)) {
            throw new ValidationException("drAccountId", "Account " + drAccountId + " does not exist");
        }
        DrCopies copies = new DrCopies(store, backup.id(), drAccountId);
        List<String> regions = copies.regions();
        if (regions.isEmpty()) {
            throw new ValidationException("drAccountId", "Backup " + backup.id() + " has no completed DR copy in "
                    + "account " + drAccountId);
        }
        String where;
        if (region == null || region.isBlank()) {
            if (regions.size() > 1) {
                throw new ValidationException("region", "The copies of backup " + backup.id() + " in account "
                        + drAccountId + " are in " + String.join(", ", regions) + "; name one");
            }
            where = regions.get(0);
        } else if (!regions.contains(region)) {
            throw new ValidationException("region", "Backup " + backup.id() + " has no completed DR copy in '" + region
                    + "' of account " + drAccountId + "; choose one of " + String.join(", ", regions));
        } else {
            where = region;
        }
        List<Recoverable> recoverables = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        copies.artifactsIn(where).forEach((type, artifacts) -> registry.find(type).ifPresentOrElse(
                recovery -> recoverables.addAll(recovery.recoverables(artifacts)), () -> unavailable.add(type)));
        return new RecoveryPanel(backup, recoverables.stream().map(DrCopies::inAnotherRegion).toList(),
                store.backups().scriptRuns(backup.id()), unavailable, where, ownCopies.regions(), drAccountId, regions);
    }

    @Override
    public Recovery start(Caller caller, long backupId, RecoveryRequest request) {
        Worlds.requireAllowed(caller, Change.RECOVERY);
        if (request == null) {
            throw new ValidationException("body", "Say what to recover");
        }
        Validation.textMap("choices", request.choices(), MAX_CHOICES_TEXT);
        RecoveryPanel panel = panel(caller, backupId, request.region(), request.drAccountId(),
                request.targetAccountId());
        Recoverable item = find(panel, request.key());
        TargetRecovery recovery = registry.find(item.typeId()).orElseThrow(() -> new ConflictException(
                "Recovery of " + item.typeId() + " is no longer installed"));
        // from a DR account's copies, the resource is recovered in that account (guide 11.5), unless another is named
        long sourceAccount = accountOf(panel.backup(), request.drAccountId());
        long accountId = recoveredIn(panel, request.drAccountId());
        RecoveryEngine.Preparation preparation = panel.targetAccountId() == null ? RecoveryEngine.Preparation.NONE
                : sharing(item, sourceAccount, accountId);
        RecoveryCredentials other = request.credentials();
        AwsIdentity otherIdentity = other == null ? null
                : credentials.otherKeys(accountId, other.accessKeyId(), other.secretAccessKey(), item.region());
        RecoveryEngine.Target target = otherIdentity == null ? accountTarget(accountId, item.region())
                : new RecoveryEngine.Target() {
                    @Override
                    public CloudContext context() {
                        return credentials.context(otherIdentity, item.region());
                    }

                    @Override
                    public void ended() {
                        credentials.forget(otherIdentity);
                    }
                };
        try {
            recovery.check(target.context(), item, request.choices());
        } catch (InvalidRecoveryException e) {
            target.ended();
            throw new ValidationException(e.field(), e.getMessage());
        } catch (RuntimeException e) {
            target.ended();
            throw e instanceof HavenException ? e : new ValidationException("key", "Could not check the recovery "
                    + "against AWS: " + Polling.message(e));
        }
        Backup backup = panel.backup();
        long id = store.recoveries().start(backupId, backup.policyId(), backup.policyName(), item.typeId(), item.kind(),
                item.key(), item.region(), request.choices(), otherIdentity != null, clock.instant());
        if (!backupAccount(backup).equals(Optional.of(accountId))) {
            store.recoveries().setAccount(id, accountId);
        }
        if (panel.region() != null || request.drAccountId() != null) {
            store.recoveries().setSource(id, panel.region(), request.drAccountId());
        }
        return engine.start(id, recovery, item, request.choices(), target, preparation);
    }

    @Override
    public Recovery get(Caller caller, long recoveryId) {
        worlds.require(caller, Owned.RECOVERY, recoveryId, "Recovery");
        return store.recoveries().get(recoveryId).orElseThrow(() -> new NotFoundException("Recovery", recoveryId));
    }

    @Override
    public List<Recovery> list(Caller caller, Long backupId, Long policyId, int limit) {
        return store.recoveries().list(backupId, policyId, Validation.range("limit", limit, 1, MAX_LIST),
                worlds.visibleOwners(caller));
    }

    @Override
    public List<RecoveredItem> resources(Caller caller, long recoveryId) {
        get(caller, recoveryId);
        return store.recoveries().resources(recoveryId);
    }

    @Override
    public List<LogEntry> log(Caller caller, long recoveryId) {
        get(caller, recoveryId);
        return store.recoveries().logEntries(recoveryId);
    }

    /** Read from the artifacts of the panel the search uses: a DR account's copies carry the backup's record. */
    @Override
    public Map<String, String> recordedImage(Caller caller, long backupId, String key, String region, Long drAccountId,
                                             Long targetAccountId) {
        // The backup is checked first: a caller outside its world learns nothing, not even what is installed.
        ImageScope scope = imageScope(caller, backupId, key, region, drAccountId, targetAccountId);
        return assistant().recordedImage(scope.item().artifacts());
    }

    @Override
    public List<Resource> searchImages(Caller caller, long backupId, String key, String region, Long drAccountId,
                                       Long targetAccountId, boolean exactOnly) {
        ImageScope scope = imageScope(caller, backupId, key, region, drAccountId, targetAccountId);
        Map<String, String> recorded = assistant().recordedImage(scope.item().artifacts());
        if (recorded.isEmpty()) {
            throw new ValidationException("key", "Backup " + backupId + " holds no record of the AMI of " + key);
        }
        return assistant().search(credentials.context(recoveredIn(scope.panel(), drAccountId), scope.region()),
                recorded, exactOnly);
    }

    /** What the AMI assistant works on: the checked panel, its recoverable (whose artifacts hold the record). */
    private record ImageScope(RecoveryPanel panel, Recoverable item, String region) {
    }

    /**
     * The accounts are checked by the panel the recovery would use, so that the assistant is refused exactly where the
     * panel and the recovery are. A DR account's panel is of the region its copies are in: that is where its recovery
     * runs; otherwise the panel is the origin's (whose keys the DR regions share) and any region can be searched.
     * The record shown and the search both come from here, so they always agree on the recoverable and the account.
     */
    private ImageScope imageScope(Caller caller, long backupId, String key, String region, Long drAccountId,
                                  Long targetAccountId) {
        RecoveryPanel panel = panel(caller, backupId, drAccountId == null ? null : region, drAccountId, targetAccountId);
        Recoverable item = find(panel, key);
        String where = drAccountId != null ? panel.region()
                : region == null || region.isBlank() ? item.region() : Validation.region("region", region);
        return new ImageScope(panel, item, where);
    }

    /**
     * The backup accounts of the caller's world, other than the artifacts' own and in another AWS account, that the
     * artifacts can be shared with (a DR account holds copies only: it is recovered in from its own copies).
     */
    private List<AccountChoice> targetAccounts(Optional<Caller> caller, long sourceAccount) {
        if (caller.isEmpty()) {
            return List.of(); // a restart needs the recoverable, not the choices
        }
        String sourceAws = store.accounts().get(sourceAccount).map(a -> a.account().awsAccountId()).orElse(null);
        var visible = store.owners().ownedBy(Owned.ACCOUNT, worlds.visibleOwners(caller.get()));
        return store.accounts().list().stream()
                .filter(a -> visible.contains(a.id()) && a.id() != sourceAccount && !a.isDr())
                .filter(a -> a.awsAccountId() != null && !a.awsAccountId().equals(sourceAws))
                .map(a -> new AccountChoice(a.id(), a.name(), a.awsAccountId())).toList();
    }

    private Account targetAccount(Optional<Caller> caller, long targetAccountId, long sourceAccount) {
        if (!sees(caller, Owned.ACCOUNT, targetAccountId)) {
            throw new ValidationException("targetAccountId", "Account " + targetAccountId + " does not exist");
        }
        Account target = store.accounts().get(targetAccountId).orElseThrow(() -> new ValidationException(
                "targetAccountId", "Account " + targetAccountId + " does not exist")).account();
        Account source = store.accounts().get(sourceAccount).orElseThrow(() -> new ConflictException(
                "Account " + sourceAccount + " of the artifacts no longer exists")).account();
        if (target.isDr()) {
            throw new ValidationException("targetAccountId", "Account '" + target.name() + "' is a DR account: it "
                    + "holds copies only; recover there from its own copies (drAccountId)");
        }
        if (target.awsAccountId() == null || target.awsAccountId().equals(source.awsAccountId())) {
            throw new ValidationException("targetAccountId", "Account '" + target.name() + "' is "
                    + (target.awsAccountId() == null ? "not verified" : "in the same AWS account as '"
                    + source.name() + "'") + "; nothing can be shared with it");
        }
        return target;
    }

    private Recoverable inAnotherAccount(Recoverable r, Account target) {
        Recoverable blanked = DrCopies.inAnotherRegion(r);
        Optional<String> notShared = notSharedBecause(r.typeId());
        if (notShared.isEmpty()) {
            return blanked;
        }
        List<String> notes = new ArrayList<>(blanked.notes());
        notes.add("Cannot be recovered in account '" + target.name() + "': " + notShared.get());
        return new Recoverable(r.kind(), r.key(), r.typeId(), r.resourceId(), r.region(), r.label(), blanked.options(),
                notes, r.artifacts());
    }

    private Optional<String> notSharedBecause(String typeId) {
        return types.find(typeId).map(TargetType::notSharedBecause).orElse(Optional.of("no installed plugin serves "
                + "type " + typeId + ", so its artifacts cannot be shared"));
    }

    /** Refuses, naming {@code targetAccountId}, a type that cannot share its artifacts with another account. */
    private RecoveryEngine.Preparation sharing(Recoverable item, long sourceAccount, long targetAccount) {
        notSharedBecause(item.typeId()).ifPresent(reason -> {
            throw new ValidationException("targetAccountId", reason);
        });
        Account source = store.accounts().get(sourceAccount).orElseThrow().account();
        Account target = store.accounts().get(targetAccount).orElseThrow().account();
        return new CrossAccountShare(types.find(item.typeId()).orElseThrow(),
                () -> credentials.context(sourceAccount, item.region()), describe(source), describe(target),
                target.awsAccountId());
    }

    private static String describe(Account account) {
        return "account '" + account.name() + "' (AWS " + account.awsAccountId() + ")";
    }

    private Backup recoverableBackup(Optional<Caller> caller, long backupId) {
        caller.ifPresent(asker -> worlds.require(asker, Owned.BACKUP, backupId, "Backup"));
        Backup backup = store.backups().get(backupId).orElseThrow(() -> new NotFoundException("Backup", backupId));
        if (backup.status() == BackupStatus.IN_PROGRESS) {
            throw new ConflictException("Backup " + backupId + " is still in progress; recover from it once it has ended");
        }
        if (backup.deleted() != null) {
            throw new ConflictException("The snapshots of backup " + backupId + " were deleted; nothing is left to "
                    + "recover from");
        }
        return backup;
    }

    /** The completed artifacts of the backup, grouped by target type in the order they were made. */
    private Map<String, List<Artifact>> artifactsByType(long backupId) {
        Map<String, List<Artifact>> byType = new LinkedHashMap<>();
        for (StoredArtifact stored : store.backups().artifacts(backupId)) {
            if (BackupRepository.COMPLETED.equals(stored.state())) {
                byType.computeIfAbsent(stored.view().targetType(), t -> new ArrayList<>()).add(stored.artifact());
            }
        }
        return byType;
    }

    private static Recoverable find(RecoveryPanel panel, String key) {
        if (key == null || key.isBlank()) {
            throw new ValidationException("key", "Name what to recover: one of " + keys(panel));
        }
        return panel.recoverables().stream().filter(r -> r.key().equals(key.trim())).findFirst()
                .orElseThrow(() -> new ValidationException("key", "Backup " + panel.backup().id() + " holds nothing "
                        + "recoverable as '" + key + "'; choose one of " + keys(panel)));
    }

    private static String keys(RecoveryPanel panel) {
        return panel.recoverables().isEmpty() ? "(nothing: no installed plugin recovers this backup's artifacts)"
                : String.join(", ", panel.recoverables().stream().map(Recoverable::key).toList());
    }

    private long accountOf(Backup backup) {
        return backupAccount(backup)
                .orElseThrow(() -> new ConflictException("Backup " + backup.id() + " has no account to recover with"));
    }

    /** Where the artifacts are: the DR account holding the copies, else the backup's account. */
    private long accountOf(Backup backup, Long drAccountId) {
        return drAccountId != null ? drAccountId : accountOf(backup);
    }

    /** The account a recovery of the panel runs in: the other account it names, else where the artifacts are. */
    private long recoveredIn(RecoveryPanel panel, Long drAccountId) {
        return panel.targetAccountId() != null ? panel.targetAccountId() : accountOf(panel.backup(), drAccountId);
    }

    private Optional<Long> backupAccount(Backup backup) {
        return store.backups().accountId(backup.id())
                .or(() -> store.policies().get(backup.policyId()).map(p -> p.spec().accountId()));
    }

    private RecoveryEngine.Target accountTarget(long accountId, String region) {
        return () -> credentials.context(accountId, region);
    }

    /** Resumes the recoveries in progress when Haven stopped (decision 0054). */
    void resume() {
        engine.resume(this::resumeTarget, this::restart);
    }

    private boolean sees(Optional<Caller> caller, Owned kind, long id) {
        return caller.map(asker -> worlds.sees(asker, kind, id)).orElse(true);
    }

    /**
     * The recoverable and preparation a recovery's start had, rebuilt after a restart from what the recovery recorded
     * (backup, key, the DR copies' region and account, the account it runs in) by the panel that made them at the
     * start; the preparation shares the artifacts with the other account again, which AWS takes as a no-op.
     */
    private RecoveryEngine.Restart restart(Recovery recovery) {
        RecoveryRepository.StartRecord record = store.recoveries().startRecord(recovery.id()).orElseThrow();
        Backup backup = store.backups().get(recovery.backupId()).orElseThrow(() -> new NotFoundException("Backup",
                recovery.backupId()));
        long source = record.fromAccountId() != null ? record.fromAccountId() : accountOf(backup);
        long runsIn = store.recoveries().accountOf(recovery.id()).orElse(accountOf(backup));
        RecoveryPanel panel = panelFor(HAVEN_ITSELF, backup.id(), record.fromRegion(), record.fromAccountId(),
                runsIn == source ? null : runsIn);
        Recoverable item = find(panel, recovery.key());
        return new RecoveryEngine.Restart(item, panel.targetAccountId() == null ? RecoveryEngine.Preparation.NONE
                : sharing(item, source, runsIn));
    }

    /** After a restart, a recovery goes on with its account's own credentials: other keys are never stored. */
    private Optional<RecoveryEngine.Target> resumeTarget(Recovery recovery) {
        return store.recoveries().accountOf(recovery.id()).or(() -> store.backups().accountId(recovery.backupId()))
                .filter(accountId -> store.accounts().get(accountId).isPresent())
                .map(accountId -> accountTarget(accountId, recovery.region()));
    }

    private AmiAssistant assistant() {
        return registry.amiAssistant().orElseThrow(() -> new ConflictException(
                "The AMI assistant is not installed (it comes with the EC2 recovery plugin)"));
    }

}
