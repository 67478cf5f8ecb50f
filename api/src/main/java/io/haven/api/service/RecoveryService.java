package io.haven.api.service;

import io.haven.api.model.LogEntry;
import io.haven.api.model.RecoveredItem;
import io.haven.api.model.Recovery;
import io.haven.api.model.RecoveryPanel;
import io.haven.api.model.RecoveryRequest;
import io.haven.api.target.Resource;
import java.util.List;
import java.util.Map;
import io.haven.api.model.Caller;
import org.osgi.annotation.versioning.ProviderType;

/** Recovery from backups (guide chapter 9) and the recovery monitor (guide 3.1). */
@ProviderType
public interface RecoveryService {

    /** What the backup can be recovered into, with defaults; frozen backups alike. */
    RecoveryPanel panel(Caller caller, long backupId);

    /**
     * The recovery panel from the backup's DR copies in {@code region} (guide 10.5): the resources all of whose
     * artifacts were copied there, with the defaults that name something of the origin region left blank; null or
     * empty: {@link #panel(Caller, long)}.
     *
     * @throws ValidationException naming {@code region} when no copy of the backup completed there
     */
    RecoveryPanel panel(Caller caller, long backupId, String region);

    /**
     * The recovery panel from the backup's DR copies in {@code region} of its policy's DR account (guide 11.5) when
     * {@code drAccountId} is not null (the region may then be null: the copies in the backup's own region), else
     * {@link #panel(Caller, long, String)} (since 2.5).
     *
     * @throws ValidationException naming {@code drAccountId} when no copy of the backup completed in that account,
     *                             {@code region} when none completed in that region of it
     */
    RecoveryPanel panel(Caller caller, long backupId, String region, Long drAccountId);

    /**
     * {@link #panel(Caller, long, String, Long)} recovered in {@code targetAccountId}, another account of the caller
     * (guide 10.5, 11.5): the artifacts are shared with it and recovered there, the defaults that name something of
     * their own account are blank, and a recoverable whose type cannot be shared says so in its notes. Null or the
     * artifacts' own account: where they are. Every panel lists the accounts it can recover in (since 2.6).
     *
     * @throws ValidationException naming {@code targetAccountId} when it is not a backup account of the caller in
     *                             another AWS account
     */
    RecoveryPanel panel(Caller caller, long backupId, String region, Long drAccountId, Long targetAccountId);

    /**
     * Checks the request against AWS and, when it is acceptable, records and starts the recovery in the
     * background. Nothing is created when the check fails.
     *
     * @throws ValidationException naming the option (or {@code key}, {@code credentials}) that is wrong
     * @throws ConflictException   when the backup is in progress or its artifacts were deleted
     */
    Recovery start(Caller caller, long backupId, RecoveryRequest request);

    Recovery get(Caller caller, long recoveryId);

    /** Recoveries, newest first, optionally of one backup or one policy. */
    List<Recovery> list(Caller caller, Long backupId, Long policyId, int limit);

    /** What the recovery created (and removed on purpose), in order. */
    List<RecoveredItem> resources(Caller caller, long recoveryId);

    List<LogEntry> log(Caller caller, long recoveryId);

    /**
     * The recorded details of the original AMI of an instance in the backup (guide 9.2.3), read from the backup's own
     * artifacts; {@link #recordedImage(Caller, long, String, String, Long, Long)} without another account.
     */
    default Map<String, String> recordedImage(Caller caller, long backupId, String key) {
        return recordedImage(caller, backupId, key, null, null, null);
    }

    /**
     * The recorded details of the original AMI of an instance in the backup, as the artifacts the recovery would use
     * carry them: with {@code drAccountId}, its copies in that account (the only record left when the originals were
     * not kept). The accounts and the region are checked as {@link #searchImages(Caller, long, String, String, Long,
     * Long, boolean)} checks them, so the record is shown exactly where the search runs. Empty when nothing was
     * recorded. Since 2.8.
     *
     * @throws ValidationException naming {@code drAccountId}, {@code targetAccountId}, {@code region} or {@code key}
     */
    Map<String, String> recordedImage(Caller caller, long backupId, String key, String region, Long drAccountId,
                                      Long targetAccountId);

    /**
     * Images matching the recorded AMI in a region of the backup's account: exact only, or similar too (guide 9.2.3);
     * {@link #searchImages(Caller, long, String, String, Long, Long, boolean)} without another account.
     */
    default List<Resource> searchImages(Caller caller, long backupId, String key, String region, boolean exactOnly) {
        return searchImages(caller, backupId, key, region, null, null, exactOnly);
    }

    /**
     * Images matching the recorded AMI of the backup in {@code region} of the account the recovery runs in: the
     * {@code targetAccountId} when named, else the {@code drAccountId} when named, else the backup's (guide 9.2.3,
     * 10.5, 11.5). The two accounts are checked as {@link #panel(Caller, long, String, Long, Long)} checks them; with
     * {@code drAccountId}, {@code region} is a region of its copies (default: the only one), otherwise any region
     * (default: the recoverable's). Since 2.7.
     *
     * @throws ValidationException naming {@code drAccountId}, {@code targetAccountId}, {@code region} or {@code key}
     */
    List<Resource> searchImages(Caller caller, long backupId, String key, String region, Long drAccountId,
                                Long targetAccountId, boolean exactOnly);
}
