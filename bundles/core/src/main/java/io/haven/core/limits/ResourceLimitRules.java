package io.haven.core.limits;

import io.haven.api.model.ResourceLimits;
import io.haven.api.service.ValidationException;
import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.core.account.CloudContexts;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.store.HavenStore;
import io.haven.store.OwnerRepository.Owned;
import io.haven.store.PolicyRepository.ProtectedTarget;
import io.haven.store.PolicyRepository.StoredTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-user resource limits (guide 16.2), written once: accounts are counted when one is added; protected
 * resources are weighed when targets are added (single, batch and tag scans, which all pass through the policy
 * service) and again when a backup runs (decision 0026). Which types count toward which limit, and how much a
 * resource weighs, is the types' say ({@link TargetType#limitCategory()}, {@link TargetType#limitUse}); core knows
 * only the categories.
 *
 * <p>What a user protects is the distinct resources (account, type, region, id) across the targets of the policies
 * it owns: a volume in two policies counts once. Each target records what it weighed when it was added and at its
 * policy's last backup; a target not measured yet (added before limits existed, or of a type that reports no size)
 * counts 1 toward a counted limit and nothing toward a limit in GiB until its next backup measures it.
 */
public class ResourceLimitRules {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceLimitRules.class);

    /** Above this many targets of one type and region, a backup measures them with one discover, not finds. */
    static final int FIND_ONE_BY_ONE = 10;

    private final HavenStore store;
    private final TargetTypeRegistry types;

    public ResourceLimitRules(HavenStore store, TargetTypeRegistry types) {
        this.store = store;
        this.types = types;
    }

    /** A target about to be added, with its resource as the type's {@code find} reported it. */
    public record Adding(TargetType type, TargetSpec spec, Resource resource) {
    }

    /**
     * Refuses one more account for a user at its limit.
     *
     * @throws ValidationException naming {@code limits.maxAccounts}
     */
    public static void checkNewAccount(HavenStore store, long owner) {
        Long max = store.users().limits(owner).maxAccounts();
        if (max == null) {
            return;
        }
        long accounts = store.owners().count(Owned.ACCOUNT, owner);
        if (accounts + 1 > max) {
            throw refusal(ResourceLimits.MAX_ACCOUNTS, "limit " + ResourceLimits.MAX_ACCOUNTS + ": " + number(accounts)
                    + " accounts + 1 added > " + number(max));
        }
    }

    /**
     * What each target weighs toward its type's limit, in order (null: it counts toward none, or its size is not
     * known), after checking that the owner's limits hold them all together with what its policies already protect.
     * Call it under the lock that serialises policy changes, so that two additions cannot both fit in the last room.
     *
     * @param accountId the account of the policy the targets go to
     * @throws ValidationException naming {@code limits.<limit>}, with the current use, the addition and the maximum
     */
    public List<Long> checkTargets(long owner, long accountId, List<Adding> adding) {
        List<Long> uses = new ArrayList<>();
        for (Adding a : adding) {
            uses.add(category(a.type()).isPresent() ? boxed(a.type().limitUse(a.resource())) : null);
        }
        ResourceLimits limits = store.users().limits(owner);
        if (limits.unlimited()) {
            return uses;
        }
        List<ProtectedTarget> protectedNow = store.policies().protectedBy(owner);
        for (LimitCategory category : LimitCategory.values()) {
            Long max = limits.max(category);
            if (max == null) {
                continue;
            }
            Map<List<Object>, Long> current = protectedIn(category, protectedNow, Map.of());
            long used = current.values().stream().mapToLong(Long::longValue).sum();
            long added = 0;
            Map<List<Object>, Boolean> counted = new HashMap<>();
            for (int i = 0; i < adding.size(); i++) {
                Adding a = adding.get(i);
                if (category(a.type()).filter(category::equals).isEmpty()) {
                    continue;
                }
                List<Object> key = List.of(accountId, a.spec().type(), a.spec().region(), a.spec().resourceId());
                if (current.containsKey(key) || counted.put(key, true) != null) {
                    continue;
                }
                if (uses.get(i) == null) {
                    throw refusal(category.field(), "limit " + category.field() + ": the size of " + a.spec().type() + " "
                            + a.spec().resourceId() + " in " + a.spec().region() + " is not known, so the limit cannot "
                            + "be judged");
                }
                added += uses.get(i);
            }
            if (added > 0 && used + added > max) {
                throw refusal(category.field(), "limit " + category.field() + ": " + amount(category, used)
                        + " protected + " + amount(category, added) + " added > " + amount(category, max));
            }
        }
        return uses;
    }

    /**
     * The targets of a run that are over a limit of their policy's owner, by target id, with the reason; the run
     * skips them (decision 0026). The run's targets in a limited category in GiB are measured first (their types' find, or
     * one discover per type and region for many) and what they weigh is recorded. The owner's protected resources of
     * each limited category are then taken oldest target first: one fits while the running total stays within the
     * limit; one that does not fit is over, and the next ones are still tried. A run's target whose size cannot be
     * known is over. Makes no AWS call for a user without limits.
     */
    public Map<Long, String> overLimit(long owner, long accountId, List<StoredTarget> runTargets, CloudContexts clouds) {
        ResourceLimits limits = store.users().limits(owner);
        Map<Long, String> over = new LinkedHashMap<>();
        if (limits.unlimited()) {
            return over;
        }
        Map<Long, Long> fresh = measure(accountId, runTargets.stream()
                .filter(t -> category(t.spec().type()).map(c -> c.inGiB() && limits.max(c) != null).orElse(false)).toList(),
                clouds);
        Map<Long, Long> known = new HashMap<>();
        fresh.forEach((target, use) -> {
            if (use != null) {
                known.put(target, use);
            }
        });
        store.policies().setLimitUse(known);
        List<ProtectedTarget> protectedNow = store.policies().protectedBy(owner);
        Map<List<Object>, List<Long>> runTargetsByResource = new HashMap<>();
        for (StoredTarget t : runTargets) {
            runTargetsByResource.computeIfAbsent(List.of(accountId, t.spec().type(), t.spec().region(),
                    t.spec().resourceId()), k -> new ArrayList<>()).add(t.id());
        }
        for (LimitCategory category : LimitCategory.values()) {
            Long max = limits.max(category);
            if (max == null) {
                continue;
            }
            long running = 0;
            for (Map.Entry<List<Object>, Long> resource : protectedIn(category, protectedNow, fresh).entrySet()) {
                List<Long> ofRun = runTargetsByResource.getOrDefault(resource.getKey(), List.of());
                Long use = resource.getValue();
                String what = resource.getKey().get(1) + " " + resource.getKey().get(3) + " in " + resource.getKey().get(2);
                if (use == null) {
                    ofRun.forEach(id -> over.put(id, "limit " + category.field() + ": the size of " + what
                            + " is not known, so the limit cannot be judged"));
                } else if (running + use > max) {
                    String reason = "limit " + category.field() + ": " + amount(category, running)
                            + " protected within the limit + " + amount(category, use) + " of " + what + " > "
                            + amount(category, max);
                    ofRun.forEach(id -> over.put(id, reason));
                } else {
                    running += use;
                }
            }
        }
        return over;
    }

    /**
     * The distinct resources of a category that the targets protect, oldest first, with what each weighs: a run's
     * fresh measure (by target id; null there means not known), else the recorded one, else 1 for a counted
     * category and 0 for one in GiB. Targets of types not installed now count toward nothing.
     */
    private Map<List<Object>, Long> protectedIn(LimitCategory category, List<ProtectedTarget> targets,
                                                Map<Long, Long> fresh) {
        Map<List<Object>, Long> resources = new LinkedHashMap<>();
        for (ProtectedTarget t : targets) {
            if (category(t.type()).filter(category::equals).isEmpty()) {
                continue;
            }
            Long use;
            if (fresh.containsKey(t.targetId())) {
                use = fresh.get(t.targetId());
            } else if (t.limitUse() != null) {
                use = t.limitUse();
            } else {
                use = category.inGiB() ? 0L : 1L;
            }
            List<Object> key = t.resource();
            if (!resources.containsKey(key) || fresh.containsKey(t.targetId())) {
                resources.put(key, use);
            }
        }
        return resources;
    }

    /** What each target weighs now, by target id; a target that could not be looked up keeps its recorded weight. */
    private Map<Long, Long> measure(long accountId, List<StoredTarget> targets, CloudContexts clouds) {
        Map<List<String>, List<StoredTarget>> groups = new LinkedHashMap<>();
        targets.forEach(t -> groups.computeIfAbsent(List.of(t.spec().type(), t.spec().region()), k -> new ArrayList<>())
                .add(t));
        Map<Long, Long> uses = new HashMap<>();
        for (List<StoredTarget> group : groups.values()) {
            TargetType type = types.find(group.get(0).spec().type()).orElseThrow();
            String region = group.get(0).spec().region();
            try {
                var ctx = clouds.context(accountId, region);
                Map<String, Resource> discovered = null;
                if (group.size() > FIND_ONE_BY_ONE) {
                    discovered = new HashMap<>();
                    for (Resource r : type.discover(ctx)) {
                        discovered.put(r.id(), r);
                    }
                }
                for (StoredTarget t : group) {
                    Optional<Resource> resource = discovered != null
                            ? Optional.ofNullable(discovered.get(t.spec().resourceId()))
                            : type.find(ctx, t.spec().resourceId());
                    // a resource that is gone is the backup's to report; it keeps its recorded weight
                    resource.ifPresent(r -> uses.put(t.id(), boxed(type.limitUse(r))));
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not measure the {} targets in {} for the resource limits; their recorded sizes count: {}",
                        type.id(), region, e.getMessage());
            }
        }
        return uses;
    }

    private Optional<LimitCategory> category(TargetType type) {
        try {
            return type.limitCategory();
        } catch (RuntimeException | AbstractMethodError e) {
            return Optional.empty();
        }
    }

    private Optional<LimitCategory> category(String typeId) {
        return types.find(typeId).flatMap(this::category);
    }

    private static Long boxed(OptionalLong value) {
        return value == null || value.isEmpty() ? null : value.getAsLong();
    }

    private static ValidationException refusal(String limit, String message) {
        return new ValidationException("limits." + limit, message);
    }

    static String amount(LimitCategory category, long value) {
        return number(value) + (category.inGiB() ? " GiB" : "");
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
