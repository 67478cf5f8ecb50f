package io.haven.api.permission;

import java.time.Instant;
import java.util.List;

/**
 * The permission check of one account (guide 14.3).
 *
 * @param principal the identity's ARN as STS names it
 * @param method    {@code simulation} when IAM SimulatePrincipalPolicy answered, else {@code probes}
 * @param note      why the simulation could not be used, or null
 */
public record PermissionReport(long accountId, String accountName, String region, String principal,
                               String method, String note, Instant checkedAt, List<FeatureCheck> features) {

    public static final String SIMULATION = "simulation";
    public static final String PROBES = "probes";

    public PermissionReport {
        features = List.copyOf(features);
    }
}
