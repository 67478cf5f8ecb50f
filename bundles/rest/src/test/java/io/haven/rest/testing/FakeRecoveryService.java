package io.haven.rest.testing;

import io.haven.api.model.Caller;
import io.haven.api.model.LogEntry;
import io.haven.api.model.RecoveredItem;
import io.haven.api.model.Recovery;
import io.haven.api.model.RecoveryPanel;
import io.haven.api.model.RecoveryRequest;
import io.haven.api.model.RecoveryStatus;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveryOption;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.RecoveryService;
import io.haven.api.service.ValidationException;
import io.haven.api.target.Artifact;
import io.haven.api.target.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Backup 100 holds volume vol-1; recovery 7 exists; remembers the last request. */
public class FakeRecoveryService implements RecoveryService {

    public static final Instant AT = Instant.parse("2025-03-02T10:00:00Z");
    public RecoveryRequest lastRequest;
    public Boolean lastExactOnly;
    /** The drAccountId and targetAccountId of the last image search. */
    public List<Long> lastImageAccounts;
    /** The region of the last recorded image read. */
    public String lastImageRegion;

    @Override
    public RecoveryPanel panel(Caller caller, long backupId, String region) {
        if (region != null) {
            throw new io.haven.api.service.ValidationException("region", "No DR copy in " + region);
        }
        return panel(caller, backupId);
    }

    @Override
    public RecoveryPanel panel(Caller caller, long backupId, String region, Long drAccountId) {
        if (drAccountId == null) {
            return panel(caller, backupId, region);
        }
        if (drAccountId == 404) {
            throw new io.haven.api.service.ValidationException("drAccountId", "No copy in account " + drAccountId);
        }
        RecoveryPanel origin = panel(caller, backupId);
        return new RecoveryPanel(origin.backup(), origin.recoverables(), origin.scripts(), origin.unavailable(),
                "us-west-2", List.of(), drAccountId, List.of("us-west-2"));
    }

    @Override
    public RecoveryPanel panel(Caller caller, long backupId, String region, Long drAccountId, Long targetAccountId) {
        RecoveryPanel panel = panel(caller, backupId, region, drAccountId);
        List<io.haven.api.model.AccountChoice> choices = List.of(new io.haven.api.model.AccountChoice(2, "staging",
                "222222222222"));
        if (targetAccountId == null) {
            return panel.inAccount(panel.recoverables(), null, choices);
        }
        if (targetAccountId != 2) {
            throw new io.haven.api.service.ValidationException("targetAccountId", "Account " + targetAccountId
                    + " does not exist");
        }
        return panel.inAccount(panel.recoverables(), targetAccountId, choices);
    }

    @Override
    public RecoveryPanel panel(Caller caller, long backupId) {
        if (backupId != FakeBackupService.BACKUP.id()) {
            throw new NotFoundException("Backup", backupId);
        }
        Recoverable volume = new Recoverable("volume", "vol-1", "ebs-volume", "vol-1", "us-east-1", "data (vol-1)",
                List.of(RecoveryOption.free("sizeGiB", "8", "Size; never smaller"),
                        RecoveryOption.oneOf("volumeType", "gp3", "Type", List.of("gp2", "gp3"))),
                List.of("Tags are restored"), List.of(new Artifact("ebs-snapshot", "snap-1", "us-east-1", "vol-1",
                Map.of("sizeGiB", "8"))));
        Recoverable instance = new Recoverable("instance", "i-1", "ec2-instance", "i-1", "us-east-1", "web (i-1)",
                List.of(RecoveryOption.free("imageId", "ami-1", "AMI").boundToRegion().foundBy(RecoveryOption.IMAGES)),
                List.of(), List.of(new Artifact("ebs-snapshot", "snap-2", "us-east-1", "i-1", Map.of("image.id", "ami-1"))));
        return new RecoveryPanel(FakeBackupService.BACKUP, List.of(volume, instance), List.of(), List.of("widget"));
    }

    @Override
    public Recovery start(Caller caller, long backupId, RecoveryRequest request) {
        panel(caller, backupId);
        lastRequest = request;
        if ("1".equals(request.choices().get("sizeGiB"))) {
            throw new ValidationException("sizeGiB", "A volume can grow, never shrink: at least 8");
        }
        return recovery();
    }

    @Override
    public Recovery get(Caller caller, long recoveryId) {
        if (recoveryId != 7) {
            throw new NotFoundException("Recovery", recoveryId);
        }
        return recovery();
    }

    @Override
    public List<Recovery> list(Caller caller, Long backupId, Long policyId, int limit) {
        return List.of(recovery());
    }

    @Override
    public List<RecoveredItem> resources(Caller caller, long recoveryId) {
        get(caller, recoveryId);
        return List.of(new RecoveredItem(1, 7, "volume", "vol-new", "us-east-1", "READY", Map.of("zone", "us-east-1a"), AT));
    }

    @Override
    public List<LogEntry> log(Caller caller, long recoveryId) {
        get(caller, recoveryId);
        return List.of(new LogEntry(AT, LogEntry.Level.INFO, "Created volume vol-new"));
    }

    /** Reads as the panel of the same accounts allows, as the search does, remembering them. */
    @Override
    public Map<String, String> recordedImage(Caller caller, long backupId, String key, String region, Long drAccountId,
                                             Long targetAccountId) {
        panel(caller, backupId, null, drAccountId, targetAccountId);
        lastImageAccounts = java.util.Arrays.asList(drAccountId, targetAccountId);
        lastImageRegion = region;
        return Map.of("id", "ami-1", "name", "web-base");
    }

    /** Searches as the panel of the same accounts allows (account 3 for DR, 2 as target), remembering them. */
    @Override
    public List<Resource> searchImages(Caller caller, long backupId, String key, String region, Long drAccountId,
                                       Long targetAccountId, boolean exactOnly) {
        panel(caller, backupId, null, drAccountId, targetAccountId);
        lastExactOnly = exactOnly;
        lastImageAccounts = java.util.Arrays.asList(drAccountId, targetAccountId);
        return List.of(new Resource("ami", "ami-1", region == null ? "us-east-1" : region, "web-base", Map.of(),
                Map.of("match", "exact")));
    }

    private static Recovery recovery() {
        return new Recovery(7, 100, 1, "daily", "ebs-volume", "volume", "vol-1", "us-east-1", RecoveryStatus.IN_PROGRESS,
                Map.of("sizeGiB", "20"), true, AT, null, null);
    }
}
