package io.haven.aws.rds;

import io.haven.api.target.ArtifactStatus;
import io.haven.aws.artifact.AwsIdentifiers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * DB snapshots and DB cluster snapshots read in batches, shared by the RDS and Aurora target types (since 1.3):
 * the states of many snapshots with one describe per {@value #MAX_PER_CALL} of them, and their tags from the
 * describe answer instead of one ListTagsForResource per snapshot.
 */
public final class RdsSnapshots {

    /**
     * The most snapshot identifiers in one describe filter: RDS answers at most 100 records a page (MaxRecords), so
     * that each batch is answered with one call. RDS documents no lower limit of values per filter.
     */
    public static final int MAX_PER_CALL = 100;

    private RdsSnapshots() {
    }

    /**
     * The states of the DB snapshots of the client's region, keyed by the identifiers given, with one
     * DescribeDBSnapshots per {@value #MAX_PER_CALL} of them (a {@code db-snapshot-id} filter, which unlike
     * DBSnapshotIdentifier does not fail for one that is gone). A snapshot missing from the answer is left out,
     * so that the caller asks for it alone and learns why.
     */
    public static Map<String, ArtifactStatus> dbSnapshotStatuses(RdsClient rds, List<String> snapshotIds) {
        return statuses(snapshotIds, batch -> rds.describeDBSnapshotsPaginator(b -> b
                        .filters(Filter.builder().name("db-snapshot-id").values(batch).build())
                        .maxRecords(MAX_PER_CALL)).dbSnapshots(),
                DBSnapshot::dbSnapshotIdentifier, RdsSnapshotStatus::of);
    }

    /**
     * The states of the DB cluster snapshots of the client's region, keyed by the identifiers given, with one
     * DescribeDBClusterSnapshots per {@value #MAX_PER_CALL} of them (a {@code db-cluster-snapshot-id} filter). A
     * snapshot missing from the answer is left out.
     */
    public static Map<String, ArtifactStatus> clusterSnapshotStatuses(RdsClient rds, List<String> snapshotIds) {
        return statuses(snapshotIds, batch -> rds.describeDBClusterSnapshotsPaginator(b -> b
                        .filters(Filter.builder().name("db-cluster-snapshot-id").values(batch).build())
                        .maxRecords(MAX_PER_CALL)).dbClusterSnapshots(),
                DBClusterSnapshot::dbClusterSnapshotIdentifier, RdsSnapshotStatus::of);
    }

    /**
     * The snapshot's tags as DescribeDBSnapshots answered them (its TagList). Only a snapshot that Haven named and
     * whose answer carries no TagList at all (AWS documents that it always does) is asked for with
     * ListTagsForResource; any other snapshot without a TagList has no tags of Haven's.
     */
    public static Map<String, String> tags(RdsClient rds, DBSnapshot snapshot) {
        return tags(rds, snapshot.hasTagList(), snapshot.tagList(), snapshot.dbSnapshotIdentifier(),
                snapshot.dbSnapshotArn());
    }

    /** The cluster snapshot's tags as DescribeDBClusterSnapshots answered them; see {@link #tags(RdsClient, DBSnapshot)}. */
    public static Map<String, String> tags(RdsClient rds, DBClusterSnapshot snapshot) {
        return tags(rds, snapshot.hasTagList(), snapshot.tagList(), snapshot.dbClusterSnapshotIdentifier(),
                snapshot.dbClusterSnapshotArn());
    }

    private static Map<String, String> tags(RdsClient rds, boolean answered, List<Tag> tagList, String identifier,
                                            String arn) {
        if (answered) {
            return RdsTags.toMap(tagList);
        }
        if (arn == null || !AwsIdentifiers.isHavens(identifier)) {
            return Map.of();
        }
        return RdsTags.toMap(rds.listTagsForResource(b -> b.resourceName(arn)).tagList());
    }

    private static <T> Map<String, ArtifactStatus> statuses(List<String> snapshotIds,
                                                            Function<List<String>, Iterable<T>> describe,
                                                            Function<T, String> idOf, Function<T, ArtifactStatus> judge) {
        Map<String, ArtifactStatus> states = new LinkedHashMap<>();
        for (int from = 0; from < snapshotIds.size(); from += MAX_PER_CALL) {
            List<String> batch = snapshotIds.subList(from, Math.min(snapshotIds.size(), from + MAX_PER_CALL));
            // RDS keeps identifiers in lower case and matches them so: answer under the identifier asked for
            Map<String, String> asked = new LinkedHashMap<>();
            batch.forEach(id -> asked.putIfAbsent(id.toLowerCase(Locale.ROOT), id));
            for (T snapshot : describe.apply(List.copyOf(asked.keySet()))) {
                String id = idOf.apply(snapshot);
                String key = id == null ? null : asked.get(id.toLowerCase(Locale.ROOT));
                if (key != null) {
                    states.put(key, judge.apply(snapshot));
                }
            }
        }
        return states;
    }
}
