package io.haven.shell.user;

import io.haven.api.model.ResourceLimits;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import org.apache.karaf.shell.api.action.Option;

/**
 * The resource limit options of {@code haven:user-add} and {@code haven:user-update} (guide 16.2): each a whole number,
 * or {@code none} for no limit; an option not given keeps the limit as it is. Core checks them and that only root sets
 * them.
 */
abstract class LimitOptionsCommand extends HavenCommand {

    static final String NONE = "none";

    @Option(name = "--max-accounts", description = "Most AWS accounts the user may have, or none")
    String maxAccounts;

    @Option(name = "--max-instances", description = "Most EC2 instances its policies may protect, or none")
    String maxInstances;

    @Option(name = "--max-ebs-gib", description = "Most GiB of EBS volumes protected on their own, or none")
    String maxEbsGiB;

    @Option(name = "--max-rds-gib", description = "Most GiB of RDS databases and Aurora clusters, or none")
    String maxRdsGiB;

    @Option(name = "--max-redshift-clusters", description = "Most Redshift clusters, or none")
    String maxRedshiftClusters;

    @Option(name = "--max-dynamodb-gib", description = "Most GiB of DynamoDB tables, or none")
    String maxDynamoDbGiB;

    /** Whether any limit option was given. */
    boolean limitsGiven() {
        return maxAccounts != null || maxInstances != null || maxEbsGiB != null || maxRdsGiB != null
                || maxRedshiftClusters != null || maxDynamoDbGiB != null;
    }

    /** The limits with the options given applied over {@code current}. */
    ResourceLimits limits(ResourceLimits current) {
        return new ResourceLimits(
                value("max-accounts", maxAccounts, current.maxAccounts()),
                value("max-instances", maxInstances, current.maxInstances()),
                value("max-ebs-gib", maxEbsGiB, current.maxEbsGiB()),
                value("max-rds-gib", maxRdsGiB, current.maxRdsGiB()),
                value("max-redshift-clusters", maxRedshiftClusters, current.maxRedshiftClusters()),
                value("max-dynamodb-gib", maxDynamoDbGiB, current.maxDynamoDbGiB()));
    }

    private static Long value(String option, String given, Long current) {
        if (given == null) {
            return current;
        }
        String text = given.trim();
        if (text.equalsIgnoreCase(NONE) || text.isEmpty()) {
            return null;
        }
        if (!text.matches("-?\\d{1,18}")) {
            throw new ValidationException(option, "Give a whole number, or " + NONE + " for no limit, not '" + given + "'");
        }
        return Long.parseLong(text);
    }

    /** The limits as one cell or line: "none" when there are none. */
    static String text(ResourceLimits limits) {
        if (limits == null || limits.unlimited()) {
            return NONE;
        }
        StringBuilder text = new StringBuilder();
        append(text, "accounts", limits.maxAccounts(), "");
        append(text, "instances", limits.maxInstances(), "");
        append(text, "EBS", limits.maxEbsGiB(), " GiB");
        append(text, "RDS", limits.maxRdsGiB(), " GiB");
        append(text, "Redshift", limits.maxRedshiftClusters(), "");
        append(text, "DynamoDB", limits.maxDynamoDbGiB(), " GiB");
        return text.toString();
    }

    private static void append(StringBuilder text, String name, Long value, String unit) {
        if (value != null) {
            text.append(text.length() == 0 ? "" : ", ").append(name).append(' ').append(value).append(unit);
        }
    }
}
