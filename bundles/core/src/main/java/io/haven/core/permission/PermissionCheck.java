package io.haven.core.permission;

import io.haven.api.permission.Decision;
import io.haven.api.permission.Feature;
import io.haven.api.permission.FeatureCheck;
import io.haven.api.permission.PermissionNeeds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The rules of one permission check, without AWS or OSGi: every action of every feature is decided once,
 * by the simulation when it answered, else by the probe of the first plugin that can decide it; the
 * features then read their actions' decisions. Required features come first.
 */
final class PermissionCheck {

    private PermissionCheck() {
    }

    /** Every distinct action, in the order features name them. */
    static Set<String> actionsOf(Collection<Feature> features) {
        Set<String> actions = new LinkedHashSet<>();
        features.forEach(f -> actions.addAll(f.actions()));
        return actions;
    }

    /**
     * Decides what the simulation left undecided (or everything, when it did not run) with the plugins'
     * probes. A probe that throws decides nothing.
     *
     * @param simulated the simulation's decisions, empty when it could not run
     * @param probe     (plugin, action) to a decision
     */
    static Map<String, Decision> decide(Map<PermissionNeeds, List<Feature>> byPlugin, Map<String, Decision> simulated,
                                        BiFunction<PermissionNeeds, String, Decision> probe) {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        byPlugin.forEach((plugin, features) -> {
            for (String action : actionsOf(features)) {
                Decision known = decisions.getOrDefault(action, simulated.getOrDefault(action, Decision.UNKNOWN));
                if (known == Decision.UNKNOWN) {
                    known = probeSafely(probe, plugin, action);
                }
                decisions.put(action, known);
            }
        });
        return decisions;
    }

    /** Each feature with its allowed, missing and unchecked actions. */
    static List<FeatureCheck> results(Collection<Feature> features, Function<String, Decision> decisions) {
        List<FeatureCheck> checks = new ArrayList<>();
        for (Feature feature : features) {
            List<String> allowed = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            List<String> unchecked = new ArrayList<>();
            for (String action : feature.actions()) {
                switch (decisions.apply(action)) {
                    case ALLOWED -> allowed.add(action);
                    case DENIED -> missing.add(action);
                    default -> unchecked.add(action);
                }
            }
            checks.add(new FeatureCheck(feature.id(), feature.title(), feature.required(), allowed, missing, unchecked));
        }
        checks.sort(Comparator.comparing((FeatureCheck c) -> !c.required()).thenComparing(FeatureCheck::id));
        return checks;
    }

    private static Decision probeSafely(BiFunction<PermissionNeeds, String, Decision> probe, PermissionNeeds plugin,
                                        String action) {
        try {
            Decision decision = probe.apply(plugin, action);
            return decision == null ? Decision.UNKNOWN : decision;
        } catch (RuntimeException e) {
            return Decision.UNKNOWN;
        }
    }
}
