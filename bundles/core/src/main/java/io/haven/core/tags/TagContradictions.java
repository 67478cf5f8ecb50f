package io.haven.core.tags;

import io.haven.api.model.Account;
import io.haven.api.model.Caller;
import io.haven.api.model.Policy;
import io.haven.api.model.TagScanEntry;
import io.haven.api.model.TagWarning;
import io.haven.api.model.TagWarning.NextScan;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.store.HavenStore;
import io.haven.store.AccountRepository.StoredAccount;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guide 13, "Pitfalls": a change made by hand to a policy's targets that the resource's {@code cpm backup} tag
 * contradicts is made, and the user is warned that the next tag scan will undo it. The one place of that rule; the
 * policy service asks it after each manual add and removal.
 *
 * <ul>
 *   <li>Only accounts with "Scan Resources" on, and only target types that take part in scans: elsewhere no scan
 *   will act on the tag.</li>
 *   <li>Adding a resource whose tag says {@code no-backup}: the next scan removes it from every policy of the
 *   account. The tag is the one AWS showed when the resource was looked up for the add (no extra call).</li>
 *   <li>Adding a resource, or changing a target's options, when its tag names the policy with other options: scans
 *   never change a target's options, so each will point the difference out.</li>
 *   <li>Removing a resource whose tag names the policy: the next scan adds it again. The tag is read from AWS (one
 *   look-up, as an add makes); when AWS cannot answer, the last scan's log decides: if that scan added the resource
 *   to the policy, the warning says it will be added again if the tag still names the policy.</li>
 * </ul>
 * Each warning is also written to the account's last scan log, when the account was ever scanned.
 */
public final class TagContradictions {

    private static final Logger LOG = LoggerFactory.getLogger(TagContradictions.class);

    private final HavenStore store;
    private final Clock clock;

    public TagContradictions(HavenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The warnings for a target just added by hand.
     *
     * @param resource the resource as AWS showed it when it was looked up for the add
     */
    public List<TagWarning> added(Caller caller, Policy policy, TargetType type, TargetSpec target, Resource resource) {
        Optional<Account> account = scanned(policy, type);
        if (account.isEmpty() || resource == null) {
            return List.of();
        }
        String value = resource.tags().get(CpmBackupTag.KEY);
        if (value == null) {
            return List.of();
        }
        CpmBackupTagParser.Result parsed = CpmBackupTagParser.parse(value);
        if (parsed.ok() && parsed.tag() instanceof CpmBackupTag.Assignments) {
            return optionsAgainstTag(caller, account.get(), policy, type, target, value, "added it by hand to");
        }
        if (!parsed.ok() || !(parsed.tag() instanceof CpmBackupTag.NoBackup)) {
            return List.of();
        }
        String name = policy.spec().name();
        TagWarning warning = new TagWarning(type.id(), target.region(), target.resourceId(), name, value, NextScan.REMOVE,
                describe(type, target) + " is tagged " + CpmBackupTag.KEY + " = '" + value + "': it was added to policy '"
                        + name + "', but the next tag scan of account " + account.get().name() + " will remove it from "
                        + "every policy of the account. Change or delete the tag to keep it in the policy");
        record(caller, account.get(), warning, "added it by hand to policy '" + name + "'");
        return List.of(warning);
    }

    /**
     * The warnings for a target just removed by hand.
     *
     * @param lookUp the resource as AWS shows it now (empty when it no longer exists); may throw when AWS cannot answer
     */
    public List<TagWarning> removed(Caller caller, Policy policy, TargetType type, TargetSpec target,
                                    Supplier<Optional<Resource>> lookUp) {
        Optional<Account> account = scanned(policy, type);
        if (account.isEmpty()) {
            return List.of();
        }
        String name = policy.spec().name();
        Optional<Resource> resource;
        try {
            resource = lookUp.get();
        } catch (RuntimeException e) {
            LOG.info("Could not read the tags of {} {} in {} after its removal from policy {}: {}", type.id(),
                    target.resourceId(), target.region(), name, e.toString());
            return fromLastScan(caller, account.get(), name, type, target, e);
        }
        if (resource.isEmpty()) {
            return List.of(); // gone: no scan will find it
        }
        String value = resource.get().tags().get(CpmBackupTag.KEY);
        if (value == null || !namesPolicy(value, name, type)) {
            return List.of();
        }
        TagWarning warning = new TagWarning(type.id(), target.region(), target.resourceId(), name, value,
                NextScan.ADD_AGAIN, describe(type, target) + " is tagged " + CpmBackupTag.KEY + " = '" + value
                + "', which names policy '" + name + "': it was removed from the policy, but the next tag scan of account "
                + account.get().name() + " will add it again. Change the tag to keep it out of the policy");
        record(caller, account.get(), warning, "removed it by hand from policy '" + name + "'");
        return List.of(warning);
    }

    /**
     * The warnings for a target whose options were just changed by hand: when its tag names the policy with other
     * options, every scan will point the difference out (it never changes a target's options).
     *
     * @param lookUp the resource as AWS shows it now; may throw when AWS cannot answer, and then nothing is said
     */
    public List<TagWarning> optionsChanged(Caller caller, Policy policy, TargetType type, TargetSpec target,
                                           Supplier<Optional<Resource>> lookUp) {
        Optional<Account> account = scanned(policy, type);
        if (account.isEmpty()) {
            return List.of();
        }
        Optional<Resource> resource;
        try {
            resource = lookUp.get();
        } catch (RuntimeException e) {
            LOG.info("Could not read the tags of {} {} in {} after its options changed in policy {}: {}", type.id(),
                    target.resourceId(), target.region(), policy.spec().name(), e.toString());
            return List.of();
        }
        String value = resource.map(r -> r.tags().get(CpmBackupTag.KEY)).orElse(null);
        return value == null ? List.of()
                : optionsAgainstTag(caller, account.get(), policy, type, target, value, "changed by hand the options of");
    }

    /**
     * Whether a target's options differ from those its tag gives it: a tag option the target lacks or sets otherwise.
     * Options the tag does not mention may be added by hand. The one rule for the scan's log and the warnings here.
     */
    public static boolean differFromTag(java.util.Map<String, String> targetOptions,
                                        java.util.Map<String, String> tagOptions) {
        return !targetOptions.entrySet().containsAll(tagOptions.entrySet());
    }

    /** A warning when the tag names the policy with options the target does not have. */
    private List<TagWarning> optionsAgainstTag(Caller caller, Account account, Policy policy, TargetType type,
                                               TargetSpec target, String value, String what) {
        String name = policy.spec().name();
        CpmBackupTagParser.Result parsed = CpmBackupTagParser.parse(value);
        if (!parsed.ok() || !(parsed.tag() instanceof CpmBackupTag.Assignments assignments)) {
            return List.of();
        }
        Optional<java.util.Map<String, String>> tagOptions = assignments.assignments().stream()
                .filter(a -> a.policy().equals(name)).findFirst().flatMap(a -> {
                    try {
                        return Optional.of(type.optionsFromTag(a.options()));
                    } catch (RuntimeException e) {
                        return Optional.empty(); // the scan logs an error for the tag and leaves the target alone
                    }
                });
        if (tagOptions.isEmpty() || !differFromTag(target.options(), tagOptions.get())) {
            return List.of();
        }
        TagWarning warning = new TagWarning(type.id(), target.region(), target.resourceId(), name, value,
                NextScan.KEEP_OPTIONS, describe(type, target) + " is tagged " + CpmBackupTag.KEY + " = '" + value
                + "', which asks for options " + tagOptions.get() + " in policy '" + name + "', but its target has "
                + target.options() + ". Tag scans of account " + account.name() + " leave the target as it is and "
                + "point the difference out in their log; change the tag or the options to make them agree");
        record(caller, account, warning, what + " policy '" + name + "'");
        return List.of(warning);
    }

    /** AWS could not be asked: the last scan's log says whether a scan put the resource into the policy. */
    private List<TagWarning> fromLastScan(Caller caller, Account account, String name, TargetType type, TargetSpec target,
                                          RuntimeException cause) {
        Optional<TagScanEntry> added = store.tagScans().last(account.id()).stream()
                .flatMap(log -> log.entries().stream())
                .filter(e -> e.kind() == TagScanEntry.Kind.ADDED && type.id().equals(e.type())
                        && target.region().equals(e.region()) && target.resourceId().equals(e.resourceId())
                        && name.equals(e.policy()))
                .reduce((first, second) -> second);
        if (added.isEmpty()) {
            return List.of();
        }
        String value = added.get().tagValue();
        TagWarning warning = new TagWarning(type.id(), target.region(), target.resourceId(), name, value,
                NextScan.ADD_AGAIN, describe(type, target) + " was added to policy '" + name + "' by the last tag scan, "
                + "for its tag " + CpmBackupTag.KEY + " = '" + value + "' (its tag could not be read now: "
                + cause.getMessage() + "). It was removed from the policy, but if the tag still names the policy, the "
                + "next tag scan of account " + account.name() + " will add it again. Change the tag to keep it out");
        record(caller, account, warning, "removed it by hand from policy '" + name + "'");
        return List.of(warning);
    }

    /** Whether the tag, as the scan reads it, adds the resource to the policy (a bad value or option adds nothing). */
    private static boolean namesPolicy(String value, String policy, TargetType type) {
        CpmBackupTagParser.Result parsed = CpmBackupTagParser.parse(value);
        if (!parsed.ok() || !(parsed.tag() instanceof CpmBackupTag.Assignments assignments)) {
            return false;
        }
        return assignments.assignments().stream().filter(a -> a.policy().equals(policy)).anyMatch(a -> {
            try {
                type.optionsFromTag(a.options());
                return true;
            } catch (RuntimeException e) {
                return false; // the scan would log an error for it, not add it
            }
        });
    }

    /** The policy's account, if its resources are tag-scanned and the type takes part in scans. */
    private Optional<Account> scanned(Policy policy, TargetType type) {
        if (!type.scansTags()) {
            return Optional.empty();
        }
        return store.accounts().get(policy.spec().accountId()).map(StoredAccount::account).filter(Account::scanResources);
    }

    /** The warning as a line of the account's last scan log, if it was ever scanned. */
    private void record(Caller caller, Account account, TagWarning warning, String what) {
        String who = caller.delegate() == null ? caller.user().username()
                : caller.delegate().username() + " for " + caller.user().username();
        try {
            store.tagScans().appendToLast(account.id(), new TagScanEntry(TagScanEntry.Kind.WARNING, warning.type(),
                    warning.region(), warning.resourceId(), warning.policy(), warning.tagValue(),
                    "At " + clock.instant().truncatedTo(ChronoUnit.SECONDS) + " " + who + " " + what + " against its tag; "
                            + switch (warning.nextScan()) {
                                case ADD_AGAIN -> "the next scan will add it again";
                                case REMOVE -> "the next scan will remove it";
                                case KEEP_OPTIONS -> "scans will point out that its options differ from its tag's";
                            }));
        } catch (RuntimeException e) {
            // The change is made and the user warned; the log line is a copy.
            LOG.warn("Could not add a line to the scan log of account {}: {}", account.id(), e.toString());
        }
    }

    private static String describe(TargetType type, TargetSpec target) {
        return type.displayName() + " " + target.resourceId() + " (" + target.region() + ")";
    }
}
