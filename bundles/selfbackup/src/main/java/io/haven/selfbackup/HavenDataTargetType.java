package io.haven.selfbackup;

import io.haven.api.selfbackup.HavenFiles;
import io.haven.api.selfbackup.SelfBackup;
import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.CopyRequest;
import io.haven.api.target.HavenTags;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetOption;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.store.HavenStore;
import io.haven.store.StoreExport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

/**
 * Target type {@value SelfBackup#TARGET_TYPE}: the one target of the {@code cpmdata} policy (guide 10.4.3, decision
 * 0042). Its resource is an S3 bucket of the policy's account (the target's region is the bucket's); a backup
 * exports Haven's database consistently ({@link StoreExport}), packs it with the secret key and Haven's
 * {@code etc/io.haven.*.cfg} into one archive encrypted with a key derived from the operator's passphrase
 * ({@link HavenArchive}, {@link ArchiveCipher}) and puts it as one object under the target's prefix. The engine
 * records, polls, keeps generations of and deletes it like any artifact; disaster recovery copies it to the bucket
 * {@code <bucket>-<region>} of each DR region. A bucket with Object Lock and a default retention locks each archive
 * for that retention.
 */
@Component(service = TargetType.class, property = TargetType.SERVICE_PROPERTY_TYPE + "=" + SelfBackup.TARGET_TYPE)
@Designate(ocd = SelfBackupConfig.class)
public final class HavenDataTargetType implements TargetType {

    /** {@link Artifact#kind()} of an archive; its id is {@code s3://bucket/key}. */
    public static final String KIND = "s3-object";
    public static final String DETAIL_BUCKET = "bucket";
    public static final String DETAIL_KEY = "key";
    public static final String DETAIL_BYTES = "bytes";
    public static final String OPTION_PREFIX = "prefix";
    public static final String DEFAULT_PREFIX = "haven/";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9!_.*'()/-]{0,200})");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final HavenStore store;
    private final HavenFiles files;
    private final Path passphraseFile;
    private final Path etc;
    private final Path work;
    private final Clock clock;
    private final ArchiveTransfer transfer;

    @Activate
    public HavenDataTargetType(@Reference HavenStore store, @Reference HavenFiles files, SelfBackupConfig config) {
        this(store, files, passphraseFile(config.passphraseFile()), Path.of(System.getProperty("karaf.etc", "etc")),
                dataFolder().resolve("haven/tmp"), Clock.systemUTC());
    }

    HavenDataTargetType(HavenStore store, HavenFiles files, Path passphraseFile, Path etc, Path work, Clock clock) {
        this(store, files, passphraseFile, etc, work, clock, ArchiveTransfer.DEFAULT_PART_BYTES);
    }

    HavenDataTargetType(HavenStore store, HavenFiles files, Path passphraseFile, Path etc, Path work, Clock clock,
                        long partBytes) {
        this.transfer = new ArchiveTransfer(partBytes);
        this.store = store;
        this.files = files;
        this.passphraseFile = passphraseFile;
        this.etc = etc;
        this.work = work;
        this.clock = clock;
    }

    static Path dataFolder() {
        return Path.of(System.getProperty("karaf.data", "data"));
    }

    static Path passphraseFile(String configured) {
        if (configured == null || configured.isBlank()) {
            return dataFolder().resolve(SelfBackupConfig.DEFAULT_PASSPHRASE_FILE);
        }
        return Path.of(configured.trim());
    }

    @Override
    public String id() {
        return SelfBackup.TARGET_TYPE;
    }

    @Override
    public String displayName() {
        return "Haven's own data (cpmdata)";
    }

    /** One bucket per cpmdata policy. */
    @Override
    public int maxTargetsPerPolicy() {
        return 1;
    }

    /** Buckets are named, not listed: their regions would cost a call each. */
    @Override
    public List<Resource> discover(CloudContext ctx) {
        return List.of();
    }

    @Override
    public Optional<Resource> find(CloudContext ctx, String bucket) {
        try {
            ctx.client(S3Client.class).headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            if (e.statusCode() == 301) {
                throw new IllegalArgumentException("Bucket " + bucket + " is not in " + ctx.region());
            }
            throw e;
        }
        return Optional.of(new Resource(SelfBackup.TARGET_TYPE, bucket, ctx.region(), bucket, Map.of(), Map.of()));
    }

    @Override
    public void validate(TargetSpec target) {
        if (target.resourceId() == null || !BUCKET.matcher(target.resourceId()).matches()
                || target.resourceId().contains("..")) {
            throw new InvalidTargetException("resourceId", "The resource of a " + SelfBackup.TARGET_TYPE
                    + " target is the name of an S3 bucket (3 to 63 lower-case letters, digits, dots and hyphens), got "
                    + target.resourceId());
        }
        for (String option : target.options().keySet()) {
            if (!option.equals(OPTION_PREFIX)) {
                throw new InvalidTargetException("options." + option, "A " + SelfBackup.TARGET_TYPE
                        + " target takes only the option " + OPTION_PREFIX);
            }
        }
        String prefix = target.option(OPTION_PREFIX, DEFAULT_PREFIX);
        if (!PREFIX.matcher(prefix).matches() || prefix.startsWith("/") || prefix.contains("//")) {
            throw new InvalidTargetException("options." + OPTION_PREFIX, "The key prefix is up to 200 letters, digits "
                    + "and !_.*'()/- , not starting with / and without //, got " + prefix);
        }
    }

    @Override
    public List<TargetOption> options() {
        return List.of(TargetOption.text(OPTION_PREFIX, "Key prefix", DEFAULT_PREFIX,
                "Prefix of the archives' keys in the bucket"));
    }

    @Override
    public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
        String bucket = target.resourceId();
        String key = target.option(OPTION_PREFIX, DEFAULT_PREFIX) + "haven-" + request.backupId() + "-"
                + STAMP.format(clock.instant()) + HavenArchive.SUFFIX;
        Path archive = null;
        char[] passphrase = null;
        try {
            passphrase = Passphrase.read(passphraseFile, true);
            archive = newWorkFile("cpmdata-" + request.backupId());
            List<Path> configs = configFiles();
            Properties manifest = new Properties();
            manifest.setProperty("format", "1");
            manifest.setProperty("createdAt", clock.instant().toString());
            manifest.setProperty("backupId", request.backupId());
            manifest.setProperty("policy", request.policyName());
            AtomicReference<StoreExport.Summary> exported = new AtomicReference<>();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16)) {
                HavenArchive.write(out, passphrase, manifest, zip -> exported.set(StoreExport.export(
                        store.database().dataSource(), zip)), files.secretKeyFile(), configs);
            }
            StoreExport.Summary summary = exported.get();
            long bytes = Files.size(archive);
            request.log().info("Exported Haven's database: " + summary.rows() + " rows of " + summary.tables()
                    + " tables at schema version " + summary.schemaVersion() + "; archived with the secret key and "
                    + configs.size() + " configuration files, " + bytes + " bytes encrypted with the cpmdata passphrase");
            S3Client s3 = ctx.client(S3Client.class);
            objectLock(s3, bucket).ifPresent(request.log()::info);
            int parts = transfer.put(s3, bucket, key, archive, Tagging.builder().tagSet(tags(request.tags(),
                    request.backupId(), request.policyName(), null)).build());
            request.log().info("Uploaded the archive to s3://" + bucket + "/" + key + " in " + ctx.region()
                    + (parts > 1 ? " in " + parts + " parts" : ""));
            return List.of(new Artifact(KIND, "s3://" + bucket + "/" + key, ctx.region(), bucket,
                    Map.of(DETAIL_BUCKET, bucket, DETAIL_KEY, key, DETAIL_BYTES, String.valueOf(bytes))));
        } catch (IOException e) {
            throw new UncheckedIOException("Backup of Haven itself failed: " + e.getMessage(), e);
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
            if (archive != null) {
                try {
                    Files.deleteIfExists(archive);
                } catch (IOException ignored) {
                    // the next run's file has another name; housekeeping of data/haven/tmp is the operator's
                }
            }
        }
    }

    /** A line for the log when the bucket locks what is put in it, else nothing. */
    static Optional<String> objectLock(S3Client s3, String bucket) {
        ObjectLockConfiguration lock;
        try {
            lock = s3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();
        } catch (S3Exception e) {
            return Optional.empty(); // ObjectLockConfigurationNotFoundError: no lock
        }
        if (lock == null || lock.objectLockEnabled() != ObjectLockEnabled.ENABLED) {
            return Optional.empty();
        }
        if (lock.rule() == null || lock.rule().defaultRetention() == null) {
            return Optional.of("Bucket " + bucket + " has Object Lock on but no default retention: the archive is "
                    + "not locked; set a default retention on the bucket to lock every archive");
        }
        var retention = lock.rule().defaultRetention();
        String period = retention.days() != null ? retention.days() + " days" : retention.years() + " years";
        return Optional.of("Bucket " + bucket + " has Object Lock: the archive is locked in "
                + (retention.mode() == ObjectLockRetentionMode.COMPLIANCE ? "compliance" : "governance")
                + " mode for " + period + " (the bucket's default retention)");
    }

    private static List<Tag> tags(Map<String, String> requested, String backupId, String policy, String copyOf) {
        Map<String, String> all = new LinkedHashMap<>(requested);
        all.put(HavenTags.BACKUP_ID, backupId);
        all.put(HavenTags.POLICY, policy);
        if (copyOf != null) {
            all.put(HavenTags.COPY_OF, copyOf);
        }
        List<Tag> tags = new ArrayList<>();
        all.entrySet().stream().limit(10).forEach(e -> tags.add(Tag.builder().key(e.getKey()).value(e.getValue())
                .build()));
        return tags;
    }

    private List<Path> configFiles() throws IOException {
        List<Path> configs = new ArrayList<>();
        if (!Files.isDirectory(etc)) {
            return configs;
        }
        try (DirectoryStream<Path> found = Files.newDirectoryStream(etc, "io.haven.*.cfg")) {
            found.forEach(configs::add);
        }
        configs.sort(null);
        return configs;
    }

    private Path newWorkFile(String name) throws IOException {
        Files.createDirectories(work);
        Path file = work.resolve(name + ".part");
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createFile(file);
    }

    @Override
    public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
        try {
            ctx.client(S3Client.class).headObject(b -> b.bucket(artifact.detail(DETAIL_BUCKET))
                    .key(artifact.detail(DETAIL_KEY)));
            return ArtifactStatus.completed();
        } catch (NoSuchKeyException e) {
            return ArtifactStatus.failed("The archive " + artifact.id() + " is not in its bucket");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return ArtifactStatus.failed("The archive " + artifact.id() + " is not in its bucket");
            }
            throw e;
        }
    }

    /**
     * Deletes the archive. In a versioned bucket (Object Lock needs versioning) this adds a delete marker: the locked
     * version stays until its retention ends, then a lifecycle rule on noncurrent versions removes it.
     */
    @Override
    public void delete(CloudContext ctx, Artifact artifact) {
        ctx.client(S3Client.class).deleteObject(b -> b.bucket(artifact.detail(DETAIL_BUCKET))
                .key(artifact.detail(DETAIL_KEY)));
    }

    /**
     * The archives this backup put in the context's region that its record may lack: one put just before Haven
     * stopped is in S3 but not in the store. The search has no bucket of its own, so it takes the buckets (and
     * prefixes) of the backup's policy's targets from the store, and lists only the keys this backup's archives
     * can have ({@code <prefix>haven-<backupId>-}).
     */
    @Override
    public List<Artifact> findByBackupId(CloudContext ctx, String backupId) {
        List<Artifact> found = new ArrayList<>();
        for (TargetSpec target : targetsOf(backupId)) {
            if (target.region().equals(ctx.region())) {
                found.addAll(archives(ctx, target, target.resourceId(), backupId, null));
            }
        }
        return found;
    }

    /** The copies of this backup's archives in the DR region's buckets ({@code <bucket>-<region>}), after a restart. */
    @Override
    public List<Artifact> findCopies(CloudContext destination, String backupId) {
        List<Artifact> found = new ArrayList<>();
        for (TargetSpec target : targetsOf(backupId)) {
            if (!target.region().equals(destination.region())) {
                found.addAll(archives(destination, target, drBucket(target.resourceId(), destination.region()),
                        backupId, target.resourceId()));
            }
        }
        return found;
    }

    private List<TargetSpec> targetsOf(String backupId) {
        long id;
        try {
            id = Long.parseLong(backupId);
        } catch (NumberFormatException e) {
            return List.of();
        }
        return store.backups().get(id).map(backup -> store.policies().targets(backup.policyId()).stream()
                .map(stored -> stored.spec()).filter(spec -> spec.type().equals(SelfBackup.TARGET_TYPE)).toList())
                .orElse(List.of());
    }

    /** @param sourceBucket the archive's own bucket when searching for copies, else null */
    private static List<Artifact> archives(CloudContext ctx, TargetSpec target, String bucket, String backupId,
                                           String sourceBucket) {
        S3Client s3 = ctx.client(S3Client.class);
        String keys = target.option(OPTION_PREFIX, DEFAULT_PREFIX) + "haven-" + backupId + "-";
        List<Artifact> found = new ArrayList<>();
        try {
            for (var object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keys)).contents()) {
                if (!object.key().endsWith(HavenArchive.SUFFIX)) {
                    continue;
                }
                Map<String, String> tags = new LinkedHashMap<>();
                s3.getObjectTagging(b -> b.bucket(bucket).key(object.key())).tagSet()
                        .forEach(t -> tags.put(t.key(), t.value()));
                if (!backupId.equals(tags.get(HavenTags.BACKUP_ID))
                        || (sourceBucket != null) != tags.containsKey(HavenTags.COPY_OF)) {
                    continue; // another Haven's, or an original where copies are looked for
                }
                Map<String, String> details = new LinkedHashMap<>();
                details.put(DETAIL_BUCKET, bucket);
                details.put(DETAIL_KEY, object.key());
                details.put(DETAIL_BYTES, String.valueOf(object.size()));
                if (sourceBucket != null) {
                    details.put(HavenTags.COPY_OF, tags.get(HavenTags.COPY_OF));
                }
                found.add(new Artifact(KIND, "s3://" + bucket + "/" + object.key(), ctx.region(),
                        sourceBucket != null ? sourceBucket : bucket, details));
            }
        } catch (NoSuchBucketException e) {
            return List.of(); // a DR region without its bucket holds no copy
        }
        return found;
    }

    @Override
    public Optional<String> notCopiedBecause() {
        return Optional.empty();
    }

    /** The bucket of a DR region: the source bucket's name with the region appended. */
    public static String drBucket(String bucket, String region) {
        return bucket + "-" + region;
    }

    /** Copies the archive to {@code <bucket>-<region>} in the DR region, under the same key, tagged as a copy. */
    @Override
    public Artifact startCopy(CloudContext source, CloudContext destination, Artifact artifact, CopyRequest request) {
        String bucket = artifact.detail(DETAIL_BUCKET);
        String key = artifact.detail(DETAIL_KEY);
        String target = drBucket(bucket, destination.region());
        long bytes = artifact.detail(DETAIL_BYTES) != null ? Long.parseLong(artifact.detail(DETAIL_BYTES))
                : source.client(S3Client.class).headObject(b -> b.bucket(bucket).key(key)).contentLength();
        int parts = transfer.copy(destination.client(S3Client.class), bucket, key, bytes, target,
                Tagging.builder().tagSet(tags(request.tags(), request.backupId(), request.policyName(), artifact.id()))
                        .build());
        request.log().info("Copied the archive to s3://" + target + "/" + key + " in " + destination.region()
                + (parts > 1 ? " in " + parts + " parts" : ""));
        Map<String, String> details = new LinkedHashMap<>();
        details.put(DETAIL_BUCKET, target);
        details.put(DETAIL_KEY, key);
        details.put(HavenTags.COPY_OF, artifact.id());
        if (artifact.detail(DETAIL_BYTES) != null) {
            details.put(DETAIL_BYTES, artifact.detail(DETAIL_BYTES));
        }
        return new Artifact(KIND, "s3://" + target + "/" + key, destination.region(), artifact.resourceId(), details);
    }

}
