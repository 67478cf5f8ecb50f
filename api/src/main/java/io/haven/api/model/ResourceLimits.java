package io.haven.api.model;

import io.haven.api.target.LimitCategory;

/**
 * A user's resource limits (guide 16.2): each null means no limit, the default. Root sets them; the user sees them
 * in its profile and cannot change them. Core enforces them when accounts and targets are added and when a backup
 * runs.
 *
 * @param maxAccounts         how many AWS accounts the user may have
 * @param maxInstances        how many instances its policies may protect (distinct resources across its policies)
 * @param maxEbsGiB           GiB of EBS volumes protected as targets of their own (not as part of an instance)
 * @param maxRdsGiB           GiB of RDS databases and Aurora clusters
 * @param maxRedshiftClusters how many Redshift clusters
 * @param maxDynamoDbGiB      GiB of DynamoDB tables
 * @since model 1.7
 */
public record ResourceLimits(Long maxAccounts, Long maxInstances, Long maxEbsGiB, Long maxRdsGiB,
                             Long maxRedshiftClusters, Long maxDynamoDbGiB) {

    /** No limit at all. */
    public static final ResourceLimits UNLIMITED = new ResourceLimits(null, null, null, null, null, null);

    /** The name of the account limit, as {@link LimitCategory#field()} names the others. */
    public static final String MAX_ACCOUNTS = "maxAccounts";

    /** The maximum for a category of protected resources; null for no limit. */
    public Long max(LimitCategory category) {
        return switch (category) {
            case INSTANCES -> maxInstances;
            case EBS_GIB -> maxEbsGiB;
            case RDS_GIB -> maxRdsGiB;
            case REDSHIFT_CLUSTERS -> maxRedshiftClusters;
            case DYNAMODB_GIB -> maxDynamoDbGiB;
        };
    }

    /** Whether no limit is set. */
    public boolean unlimited() {
        return equals(UNLIMITED);
    }
}
