package io.haven.core.tags;

import io.haven.api.model.Account;
import io.haven.api.model.Caller;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicyTarget;
import io.haven.api.model.TagScanEntry;
import io.haven.api.model.TagScanEntry.Kind;
import io.haven.api.model.TagScanLog;
import io.haven.api.service.HavenException;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.core.access.Worlds;
import io.haven.core.account.CloudContexts;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.policy.PolicyServiceImpl;
import io.haven.core.tags.CpmBackupTag.Assignment;
import io.haven.core.tags.CpmBackupTag.Assignments;
import io.haven.store.HavenStore;
import io.haven.store.OwnerRepository.Owned;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tag scan of one account (guide 13): in every region, for every target type that opts in, the resources
 * tagged {@code cpm backup} are added to the policies their tag names (created from a template first when the tag
 * says so) or removed from every policy ({@code no-backup}). It acts as the account's owner through the policy
 * service, so a scan obeys the same rules as a user adding targets by hand. Nothing a resource's tag says stops the
 * scan: every problem becomes a line of the log and the scan goes on.
 */
public final class TagScanner {

    private static final Logger LOG = LoggerFactory.getLogger(TagScanner.class);

    private final HavenStore store;
    private final TargetTypeRegistry types;
    private final CloudContexts clouds;
    private final PolicyServiceImpl policies;
    private final LongFunction<List<String>> regionsOf;
    private final Clock clock;
    private final Worlds worlds;

    /** @param regionsOf the regions to scan, by account id (all of the account's enabled regions) */
    public TagScanner(HavenStore store, TargetTypeRegistry types, CloudContexts clouds, PolicyServiceImpl policies,
                      LongFunction<List<String>> regionsOf, Clock clock) {
        this.store = store;
        this.types = types;
        this.clouds = clouds;
        this.policies = policies;
        this.regionsOf = regionsOf;
        this.clock = clock;
        this.worlds = new Worlds(store);
    }

    /** Scans the account as its owner and returns the log; the caller stores it. */
    public TagScanLog scan(Account account, Caller owner) {
        return scan(account, owner, null);
    }

    /**
     * Scans the account as its owner and returns the log; the caller stores it.
     *
     * @param previous the account's last scan, to warn when the scan undoes a manual change; null for none
     */
    public TagScanLog scan(Account account, Caller owner, TagScanLog previous) {
        Instant started = now();
        Run run = new Run(account, owner, previous == null ? List.of() : previous.entries());
        List<String> regions;
        try {
            regions = regionsOf.apply(account.id());
        } catch (RuntimeException e) {
            run.error(null, null, null, null, null, "Could not list the account's regions: " + e.getMessage());
            regions = List.of();
        }
        for (String region : regions) {
            for (TargetType type : types.all()) {
                if (type.scansTags()) {
                    run.scan(type, region);
                }
            }
        }
        return new TagScanLog(account.id(), account.name(), started, now(), run.tagged, run.entries);
    }

    /** Times as the store keeps them, so that a log reads back as it was returned. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** The state of one account's scan. */
    private final class Run {
        private final Account account;
        private final Caller owner;
        private final List<TagScanEntry> entries = new ArrayList<>();
        private final List<TagScanEntry> previous;
        private int tagged;

        Run(Account account, Caller owner, List<TagScanEntry> previous) {
            this.account = account;
            this.owner = owner;
            this.previous = previous;
        }

        /** Whether the last scan did this very change, so that having to do it again means a hand undid it. */
        private boolean lastScanDid(Kind kind, String type, String region, String resourceId, String policy) {
            return previous.stream().anyMatch(e -> e.kind() == kind && type.equals(e.type()) && region.equals(e.region())
                    && resourceId.equals(e.resourceId()) && policy.equals(e.policy()));
        }

        void scan(TargetType type, String region) {
            List<Resource> found;
            try {
                found = type.findTagged(clouds.context(account.id(), region), CpmBackupTag.KEY);
            } catch (RuntimeException e) {
                error(type.id(), region, null, null, null, "Could not list the tagged " + type.displayName()
                        + " resources: " + e.getMessage());
                return;
            }
            for (Resource resource : found) {
                String value = resource.tags().get(CpmBackupTag.KEY);
                if (value == null) {
                    continue;
                }
                tagged++;
                try {
                    apply(type, region, resource.id(), value);
                } catch (RuntimeException e) {
                    // Not the tag's fault (the store, a plugin): logged, and the next resource is scanned.
                    LOG.warn("Tag scan of {} {} in {}: {}", type.id(), resource.id(), region, e.getMessage(), e);
                    error(type.id(), region, resource.id(), null, value, "Could not apply the tag: " + e.getMessage());
                }
            }
        }

        private void apply(TargetType type, String region, String resourceId, String value) {
            CpmBackupTagParser.Result parsed = CpmBackupTagParser.parse(value);
            if (!parsed.ok()) {
                error(type.id(), region, resourceId, null, value, parsed.error());
            } else if (parsed.tag() instanceof CpmBackupTag.NoBackup) {
                removeEverywhere(type, region, resourceId, value);
            } else {
                for (Assignment assignment : ((Assignments) parsed.tag()).assignments()) {
                    assign(type, region, resourceId, value, assignment);
                }
            }
        }

        private void removeEverywhere(TargetType type, String region, String resourceId, String value) {
            for (Policy policy : policies.list(owner)) {
                if (policy.spec().accountId() != account.id()) {
                    continue;
                }
                for (PolicyTarget target : policies.targets(owner, policy.id())) {
                    if (sameResource(target.spec(), type, region, resourceId)) {
                        policies.removeTarget(owner, policy.id(), target.id());
                        String name = policy.spec().name();
                        if (lastScanDid(Kind.REMOVED, type.id(), region, resourceId, name)) {
                            entries.add(new TagScanEntry(Kind.WARNING, type.id(), region, resourceId, name, value,
                                    "Was added to policy '" + name + "' by hand after the last scan removed it; removed "
                                            + "again, since its tag says no-backup. Change the tag to keep it in the policy"));
                        }
                        entries.add(new TagScanEntry(Kind.REMOVED, type.id(), region, resourceId, name,
                                value, "Removed from policy '" + name + "' (no-backup)"));
                    }
                }
            }
        }

        private void assign(TargetType type, String region, String resourceId, String value, Assignment assignment) {
            String name = assignment.policy();
            Map<String, String> options;
            try {
                options = type.optionsFromTag(assignment.options());
            } catch (InvalidTargetException e) {
                error(type.id(), region, resourceId, name, value, e.getMessage());
                return;
            }
            try {
                Optional<Policy> existing = visiblePolicy(name);
                Policy policy;
                if (existing.isPresent()) {
                    policy = existing.get();
                } else if (assignment.createsFromTemplate()) {
                    Optional<Policy> template = visiblePolicy(assignment.template());
                    if (template.isEmpty()) {
                        error(type.id(), region, resourceId, name, value, "No template policy named '"
                                + assignment.template() + "' exists; policy '" + name + "' was not created");
                        return;
                    }
                    policy = policies.createFromTemplate(owner, name, template.get(), account.id());
                    entries.add(new TagScanEntry(Kind.CREATED, type.id(), region, resourceId, name, value,
                            "Created policy '" + name + "' from template '" + assignment.template() + "'"));
                } else {
                    // Guide 13, "Ensure tag format is correct": a semicolon instead of the colon is a common slip.
                    String hint = name.contains(";") ? "; to create a policy from a template, separate the names with "
                            + "':', not ';' (new_policy:template_policy)" : "; to create it from a template write " + name
                            + ":template_policy";
                    error(type.id(), region, resourceId, name, value, "No policy named '" + name + "' exists" + hint);
                    return;
                }
                if (policy.spec().accountId() != account.id()) {
                    error(type.id(), region, resourceId, name, value, "Policy '" + name + "' backs up another account ("
                            + policy.spec().accountId() + "), not " + account.name());
                    return;
                }
                Optional<PolicyTarget> present = policies.targets(owner, policy.id()).stream()
                        .filter(t -> sameResource(t.spec(), type, region, resourceId)).findFirst();
                if (present.isPresent()) {
                    // The tag's options apply when a scan adds the target; a target's options are not changed under
                    // its policy, so a difference is pointed out rather than silently left.
                    var current = present.get().spec().options();
                    if (TagContradictions.differFromTag(current, options)) {
                        entries.add(new TagScanEntry(Kind.WARNING, type.id(), region, resourceId, name, value,
                                "Is a target of policy '" + name + "' with options " + current + ", not those of its tag "
                                        + options + "; remove the target to have the next scan add it as tagged"));
                    }
                } else {
                    policies.addTarget(owner, policy.id(), new TargetSpec(type.id(), region, resourceId, options));
                    if (lastScanDid(Kind.ADDED, type.id(), region, resourceId, name)) {
                        entries.add(new TagScanEntry(Kind.WARNING, type.id(), region, resourceId, name, value,
                                "Was removed from policy '" + name + "' by hand after the last scan added it; added again, "
                                        + "since its tag names the policy. Change the tag to keep it out of the policy"));
                    }
                    entries.add(new TagScanEntry(Kind.ADDED, type.id(), region, resourceId, name, value,
                            "Added to policy '" + name + "'" + (options.isEmpty() ? "" : " with options " + options)));
                }
            } catch (HavenException e) {
                error(type.id(), region, resourceId, name, value, e.getMessage());
            }
        }

        /** The policy of that name if the account's owner sees it: a policy of another world is as good as absent. */
        private Optional<Policy> visiblePolicy(String name) {
            return store.policies().byName(name).filter(p -> worlds.sees(owner, Owned.POLICY, p.id()));
        }

        void error(String type, String region, String resourceId, String policy, String value, String message) {
            entries.add(new TagScanEntry(Kind.ERROR, type, region, resourceId, policy, value, message));
        }
    }

    private static boolean sameResource(TargetSpec target, TargetType type, String region, String resourceId) {
        return target.type().equals(type.id()) && target.region().equals(region) && target.resourceId().equals(resourceId);
    }
}
