package io.haven.api.target;

/**
 * The per-user resource limit (guide 16.2) that the resources of a {@link TargetType} count toward: a type declares
 * it with {@link TargetType#limitCategory()} and says how much one resource uses with {@link TargetType#limitUse}.
 * Core knows these categories, never which resource types fall into them.
 *
 * @since 1.6
 */
public enum LimitCategory {
    /** Counted resources: each uses 1 (guide: "Max Number of Instances"). */
    INSTANCES("maxInstances", false),
    /** GiB of EBS volumes backed up on their own, not as part of an instance (guide: "Max Non-instance EBS"). */
    EBS_GIB("maxEbsGiB", true),
    /** GiB of RDS databases, Aurora clusters included (guide: "Max RDS"). */
    RDS_GIB("maxRdsGiB", true),
    /** Counted Redshift clusters: each uses 1 (guide 16.2: "Max Redshift Clusters"). */
    REDSHIFT_CLUSTERS("maxRedshiftClusters", false),
    /** GiB of DynamoDB tables (guide: "Max DynamoDB Tables (GiB)"). */
    DYNAMODB_GIB("maxDynamoDbGiB", true);

    private final String field;
    private final boolean gib;

    LimitCategory(String field, boolean gib) {
        this.field = field;
        this.gib = gib;
    }

    /** The limit's name as the user's {@code limits} carry it, for example {@code maxEbsGiB}. */
    public String field() {
        return field;
    }

    /** Whether the limit is in GiB; otherwise it counts resources. */
    public boolean inGiB() {
        return gib;
    }
}
