package io.haven.core.report;

import io.haven.api.model.Caller;
import io.haven.api.model.UserProfile;
import io.haven.api.service.ForbiddenException;
import io.haven.store.HavenStore;
import io.haven.store.ReportRepository.OwnedTarget;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The usage report (guide 15.7): per user, what its policies protect, for accounting between users. Instances
 * are counted; every other target counts by its storage, as last recorded on its newest completed artifact.
 */
final class UsageReport {

    static final List<String> COLUMNS = List.of("User", "Accounts", "Instances", "Non-Instance Targets",
            "Non-Instance Storage (GiB)");

    /** The target type the guide counts as instances; everything else is non-instance storage. */
    static final String INSTANCE_TYPE = "ec2-instance";

    /**
     * The artifact details that carry a resource's size, in the order they are believed: what AWS bills
     * (Aurora, DynamoDB), then the provisioned size (EBS, RDS). A type that records neither counts 0 GiB.
     */
    static final List<String> SIZE_DETAILS = List.of("billedGiB", "sizeGiB");

    private final HavenStore store;

    UsageReport(HavenStore store) {
        this.store = store;
    }

    CsvReport report(Caller caller, boolean allUsers, String fileName) {
        if (allUsers && !caller.user().root()) {
            throw new ForbiddenException("Only root sees the usage of all users");
        }
        return new CsvReport(fileName, COLUMNS, printer -> {
            for (UserProfile user : users(caller, allUsers)) {
                Usage usage = usageOf(user.id());
                printer.print(ReportTexts.name(user.username()), store.reports().accountCount(user.id()), usage.instances(),
                        usage.otherTargets(), usage.storageGiB());
            }
        });
    }

    /** Root's "all users" is every user of the server; otherwise the caller alone. */
    private List<UserProfile> users(Caller caller, boolean allUsers) {
        List<UserProfile> profiles = store.users().profiles();
        return allUsers ? profiles : profiles.stream().filter(p -> p.id() == caller.user().id()).toList();
    }

    record Usage(int instances, int otherTargets, long storageGiB) {
    }

    private Usage usageOf(long userId) {
        Set<OwnedTarget> instances = new HashSet<>();
        Set<OwnedTarget> others = new HashSet<>();
        for (OwnedTarget target : store.reports().targets(userId)) {
            (INSTANCE_TYPE.equals(target.targetType()) ? instances : others).add(target);
        }
        Map<OwnedTarget, Long> sizes = new HashMap<>();
        if (!others.isEmpty()) {
            // Newest first: the first size seen for a target is its current one.
            store.reports().newestDetails(userId, SIZE_DETAILS, entry -> {
                if (others.contains(entry.getKey()) && !sizes.containsKey(entry.getKey())) {
                    size(entry.getValue()).ifPresent(size -> sizes.put(entry.getKey(), size));
                }
            });
        }
        return new Usage(instances.size(), others.size(), sizes.values().stream().mapToLong(Long::longValue).sum());
    }

    private static java.util.Optional<Long> size(Map<String, String> details) {
        for (String name : SIZE_DETAILS) {
            String value = details.get(name);
            if (value != null) {
                try {
                    return java.util.Optional.of(Long.parseLong(value.trim()));
                } catch (NumberFormatException e) {
                    // not a size after all; try the next detail
                }
            }
        }
        return java.util.Optional.empty();
    }
}
