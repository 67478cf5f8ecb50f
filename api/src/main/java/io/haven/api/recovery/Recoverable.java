package io.haven.api.recovery;

import io.haven.api.target.Artifact;
import java.util.List;

/**
 * One thing that can be recovered from a backup: an instance, a volume, a database, a cluster, a table.
 *
 * @param kind       what it recovers into, for example {@code instance}, {@code volume},
 *                   {@code rds-instance}, {@code aurora-cluster}, {@code redshift-cluster},
 *                   {@code dynamodb-table}
 * @param key        unique within the backup, stable, usable in a URL, for example the original
 *                   resource id ({@code i-0123...}, {@code vol-0123...}, {@code orders-db})
 * @param typeId     the target type whose artifacts it comes from
 * @param resourceId the original resource's id
 * @param region     where the artifacts are
 * @param label      a short human description, for example "web-1 (i-0123...), 3 volumes"
 * @param options    what the user can choose, with the original's values as defaults
 * @param notes      things the user must know, for example what must be recreated by hand
 * @param artifacts  the artifacts it is recovered from
 */
public record Recoverable(String kind, String key, String typeId, String resourceId, String region, String label,
                          List<RecoveryOption> options, List<String> notes, List<Artifact> artifacts) {
    public Recoverable {
        options = List.copyOf(options);
        notes = notes == null ? List.of() : List.copyOf(notes);
        artifacts = List.copyOf(artifacts);
    }
}
