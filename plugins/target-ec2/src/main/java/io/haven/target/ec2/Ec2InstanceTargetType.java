package io.haven.target.ec2;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.CopyRequest;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetOption;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetStart;
import io.haven.api.target.TargetType;
import io.haven.aws.ec2.EbsSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Backs up an EC2 instance in one of the {@link BackupMode}s: EBS snapshots of the selected volumes
 * (see {@link VolumeSelection}), the same plus an initial AMI kept per instance ({@link InitialAmis}),
 * or one AMI per backup ({@link AmiBackups}). Stopped instances are backed up too. Every artifact
 * records the instance's settings and original AMI ({@link InstanceFacts}) for recovery.
 */
@Component(service = TargetType.class, property = TargetType.SERVICE_PROPERTY_TYPE + "=" + Ec2InstanceTargetType.ID,
        configurationPid = Ec2TargetConfig.PID)
@Designate(ocd = Ec2TargetConfig.class)
public final class Ec2InstanceTargetType implements TargetType {

    public static final String ID = "ec2-instance";

    private static final Logger LOG = LoggerFactory.getLogger(Ec2InstanceTargetType.class);
    // i- with 8 (older) or 17 (current) hexadecimal digits
    private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    /** Instances that can be backed up; terminated and shutting-down ones are on their way out. */
    private static final List<String> LIVE_STATES = List.of(InstanceStateName.PENDING.toString(),
            InstanceStateName.RUNNING.toString(), InstanceStateName.STOPPING.toString(),
            InstanceStateName.STOPPED.toString());
    private static final String DETAIL_INSTANCE_ID = "instanceId";
    private static final String DETAIL_DEVICE = "device";

    private final AmiBackups amiBackups;
    private final InitialAmis initialAmis;
    private final InstanceAttributeCache attributes;
    private volatile int initialAmiRotationDays = Ec2TargetConfig.DEFAULT_ROTATION_DAYS;

    public Ec2InstanceTargetType() {
        this(Clock.systemUTC(), ConflictRetry.standard());
    }

    /** For tests: the clock that ages initial AMIs, and the CreateImage retry pauses. */
    Ec2InstanceTargetType(Clock clock, ConflictRetry conflictRetry) {
        ImageCreator creator = new ImageCreator(conflictRetry);
        this.amiBackups = new AmiBackups(creator);
        this.initialAmis = new InitialAmis(creator, clock);
        this.attributes = new InstanceAttributeCache(clock,
                Duration.ofHours(Ec2TargetConfig.DEFAULT_ATTRIBUTES_MAX_AGE_HOURS));
    }

    @Activate
    @Modified
    void configure(Ec2TargetConfig config) {
        setInitialAmiRotationDays(config.initialAmiRotationDays());
        setInstanceAttributesMaxAgeHours(config.instanceAttributesMaxAgeHours());
    }

    /** Hours that termination protection and shutdown behaviour read from AWS stay good; 0 reads them every backup. */
    void setInstanceAttributesMaxAgeHours(int hours) {
        attributes.setMaxAge(Duration.ofHours(Math.max(0, hours)));
    }

    /** Days after which an initial AMI is replaced; 0 (and, leniently, a negative value) never replaces it. */
    void setInitialAmiRotationDays(int days) {
        initialAmiRotationDays = Math.max(0, days);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "EC2 instance";
    }

    /**
     * Resource limits (guide 16.2): an instance counts once toward the user's instance limit, whatever its volumes
     * (they count toward no EBS limit).
     */
    @Override
    public Optional<LimitCategory> limitCategory() {
        return Optional.of(LimitCategory.INSTANCES);
    }

    @Override
    public OptionalLong limitUse(Resource resource) {
        return OptionalLong.of(1);
    }

    @Override
    public List<Resource> discover(CloudContext ctx) {
        DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                .filters(f -> f.name("instance-state-name").values(LIVE_STATES))
                .build();
        List<Resource> resources = new ArrayList<>();
        ctx.client(Ec2Client.class).describeInstancesPaginator(request).reservations()
                .forEach(reservation -> reservation.instances()
                        .forEach(instance -> resources.add(InstanceResources.resourceOf(instance, ctx.region()))));
        return resources;
    }

    /** EC2 instances take part in tag scans (guide 13). */
    @Override
    public boolean scansTags() {
        return true;
    }

    /** DescribeInstances of live instances with a {@code tag-key} filter, page by page. */
    @Override
    public List<Resource> findTagged(CloudContext ctx, String tagKey) {
        DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                .filters(f -> f.name("instance-state-name").values(LIVE_STATES), f -> f.name("tag-key").values(tagKey))
                .build();
        List<Resource> resources = new ArrayList<>();
        ctx.client(Ec2Client.class).describeInstancesPaginator(request).reservations()
                .forEach(reservation -> reservation.instances()
                        .forEach(instance -> resources.add(InstanceResources.resourceOf(instance, ctx.region()))));
        return resources;
    }

    /** The guide's backup options of the {@code cpm backup} tag, as this type's target options ({@link TagOptions}). */
    @Override
    public Map<String, String> optionsFromTag(List<String> tagOptions) {
        return TagOptions.toTargetOptions(tagOptions);
    }

    /** One DescribeInstances of the id: adding a target must not list the region's instances. */
    @Override
    public Optional<Resource> find(CloudContext ctx, String resourceId) {
        try {
            return Optional.of(InstanceResources.resourceOf(InstanceBatch.describeOne(ctx, resourceId), ctx.region()));
        } catch (TargetNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Backup mode, reboot, volumes and devices: what {@link #validate} takes ({@link BackupOptions#PUBLISHED}). */
    @Override
    public List<TargetOption> options() {
        return BackupOptions.PUBLISHED;
    }

    @Override
    public void validate(TargetSpec target) {
        if (target.resourceId() == null || !INSTANCE_ID.matcher(target.resourceId()).matches()) {
            throw new InvalidTargetException("resourceId",
                    "An EC2 instance id looks like i-0123456789abcdef0, not '" + target.resourceId() + "'");
        }
        BackupOptions.parse(target.options());
    }

    @Override
    public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
        TargetStart start = startBackups(ctx, List.of(target), request).get(0);
        if (start.error() != null) {
            throw start.error();
        }
        return start.artifacts();
    }

    /**
     * The instances described together ({@link InstanceBatch}: a few calls per 200 instances), then each instance's
     * artifacts: one CreateSnapshots for all its selected volumes, or its AMI. A describe that fails fails every
     * target of the batch with its error; a start that fails fails only its own target.
     */
    @Override
    public List<TargetStart> startBackups(CloudContext ctx, List<TargetSpec> targets, BackupRequest request) {
        InstanceBatch batch;
        try {
            batch = InstanceBatch.describe(ctx, targets.stream().map(TargetSpec::resourceId).toList());
        } catch (RuntimeException e) {
            return targets.stream().map(target -> TargetStart.failed(target, e)).toList();
        }
        List<TargetStart> starts = new ArrayList<>();
        for (TargetSpec target : targets) {
            try {
                starts.add(TargetStart.started(target, start(ctx, target, batch, request)));
            } catch (RuntimeException e) {
                starts.add(TargetStart.failed(target, e));
            }
        }
        return starts;
    }

    private List<Artifact> start(CloudContext ctx, TargetSpec target, InstanceBatch batch, BackupRequest request) {
        BackupOptions options = BackupOptions.parse(target.options());
        Instance instance = batch.instance(target.resourceId());
        Map<String, String> facts = InstanceFacts.of(instance, batch.originalImage(instance),
                attributes.get(ctx, instance.instanceId(), request.log()), ctx.region());
        return switch (options.modeFor(instance)) {
            case AMI -> List.of(amiBackups.create(ctx, ID, instance, request,
                    details(Map.of(DETAIL_INSTANCE_ID, instance.instanceId()), facts), options.reboot()));
            case SNAPSHOTS -> snapshots(ctx, instance, options.volumes(), batch, request, facts, Map.of());
            case SNAPSHOTS_AND_INITIAL_AMI -> snapshotsWithInitialAmi(ctx, instance, options.volumes(), batch, request,
                    facts);
        };
    }

    @Override
    public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
        return AmiBackups.KIND.equals(artifact.kind()) ? amiBackups.status(ctx, artifact)
                : EbsSnapshots.status(ctx, artifact.id());
    }

    /** The volumes' snapshots with one DescribeSnapshots per 200; AMIs one by one. */
    @Override
    public Map<String, ArtifactStatus> pollAll(CloudContext ctx, List<Artifact> artifacts) {
        Map<String, ArtifactStatus> states = new LinkedHashMap<>(EbsSnapshots.statuses(ctx, artifacts.stream()
                .filter(a -> !AmiBackups.KIND.equals(a.kind())).map(Artifact::id).toList()));
        for (Artifact ami : artifacts.stream().filter(a -> AmiBackups.KIND.equals(a.kind())).toList()) {
            try {
                states.put(ami.id(), amiBackups.status(ctx, ami));
            } catch (RuntimeException e) {
                // left out: core asks poll again, which names the reason
            }
        }
        return states;
    }

    @Override
    public void delete(CloudContext ctx, Artifact artifact) {
        if (AmiBackups.KIND.equals(artifact.kind())) {
            amiBackups.delete(ctx, artifact);
        } else {
            EbsSnapshots.delete(ctx, artifact.id());
        }
    }

    @Override
    public List<Artifact> findByBackupId(CloudContext ctx, String backupId) {
        // snapshots made together carry only the instance's details in their tags: the volumes tell the rest
        List<Artifact> found = new ArrayList<>(EbsSnapshots.withVolumeDetails(ctx,
                EbsSnapshots.findByBackupId(ctx, ID, backupId)));
        found.addAll(amiBackups.findByBackupId(ctx, ID, backupId));
        return found;
    }

    /** The volumes' snapshots and the AMIs are copied to other regions for disaster recovery (guide 10). */
    @Override
    public Optional<String> notCopiedBecause() {
        return Optional.empty();
    }

    /** CopySnapshot for a volume's snapshot, CopyImage for an AMI, in the destination, tagged at creation. */
    @Override
    public Artifact startCopy(CloudContext source, CloudContext destination, Artifact artifact, CopyRequest request) {
        return AmiBackups.KIND.equals(artifact.kind()) ? amiBackups.copy(source, destination, ID, artifact, request)
                : EbsSnapshots.copy(source, destination, ID, artifact, request);
    }

    /**
     * Volume snapshots are shared with a DR account, which copies them (guide 11); AMIs are shared with their
     * snapshots (launch permission and the snapshots' create-volume permission), so that the DR account can copy
     * the image.
     */
    @Override
    public Optional<String> notSharedBecause() {
        return Optional.empty();
    }

    @Override
    public void share(CloudContext source, Artifact artifact, String awsAccountId) {
        if (AmiBackups.KIND.equals(artifact.kind())) {
            Ec2Client ec2 = source.client(Ec2Client.class);
            ec2.describeImages(b -> b.imageIds(artifact.id())).images().forEach(image -> image.blockDeviceMappings()
                    .stream().filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                    .forEach(m -> EbsSnapshots.share(source, m.ebs().snapshotId(), awsAccountId)));
            ec2.modifyImageAttribute(b -> b.imageId(artifact.id()).launchPermission(p -> p.add(
                    software.amazon.awssdk.services.ec2.model.LaunchPermission.builder().userId(awsAccountId).build())));
        } else {
            EbsSnapshots.share(source, artifact.id(), awsAccountId);
        }
    }

    @Override
    public void tag(CloudContext ctx, Artifact artifact, Map<String, String> tags) {
        // CreateTags takes AMI and snapshot ids alike
        EbsSnapshots.tag(ctx, artifact.id(), tags);
    }

    @Override
    public List<Artifact> findCopies(CloudContext destination, String backupId) {
        List<Artifact> found = new ArrayList<>(EbsSnapshots.findCopies(destination, ID, backupId));
        found.addAll(amiBackups.findCopies(destination, ID, backupId));
        return found;
    }

    /** Snapshots are of the instance's volumes: their target is the instance recorded with them. */
    @Override
    public String targetOf(Artifact artifact) {
        String instanceId = artifact.detail(DETAIL_INSTANCE_ID);
        return instanceId != null ? instanceId : artifact.resourceId();
    }

    /**
     * Crash-consistent snapshots of the selected volumes, made together with one CreateSnapshots; each records the
     * instance id, its device, the given extra details and the facts.
     */
    private static List<Artifact> snapshots(CloudContext ctx, Instance instance, VolumeSelection volumes,
                                            InstanceBatch batch, BackupRequest request, Map<String, String> facts,
                                            Map<String, String> extra) {
        Map<String, String> attached = InstanceResources.ebsVolumes(instance);
        Map<String, String> selected = volumes.select(instance.instanceId(), attached);
        Map<String, String> plain = new LinkedHashMap<>();
        plain.put(DETAIL_INSTANCE_ID, instance.instanceId());
        plain.putAll(extra);
        return EbsSnapshots.createForInstance(ctx, ID, new EbsSnapshots.InstanceVolumes(instance.instanceId(),
                instance.rootDeviceName(), attached, selected, batch.volumes()), request, details(plain, facts));
    }

    /**
     * Snapshots, and the instance's initial AMI made or rotated as due, its id recorded in every
     * snapshot. When the current initial AMI stays, its id is known first and tagged with the
     * snapshots at creation. When a new one is due, the snapshots come first (they are the backup,
     * and a CreateImage right before them could make EC2 refuse snapshots of the root volume for
     * their rate), then the image, whose id is then tagged onto the snapshots as far as they have
     * room. Trouble with the initial AMI is logged and never fails the snapshots.
     */
    private List<Artifact> snapshotsWithInitialAmi(CloudContext ctx, Instance instance, VolumeSelection volumes,
                                                   InstanceBatch batch, BackupRequest request,
                                                   Map<String, String> facts) {
        InitialAmis.Current current;
        try {
            current = initialAmis.inspect(ctx, instance, initialAmiRotationDays);
        } catch (AwsServiceException e) {
            LOG.warn("Could not read the initial AMIs of EC2 instance {}: {}", instance.instanceId(), e.getMessage());
            return snapshots(ctx, instance, volumes, batch, request, facts, Map.of());
        }
        if (!current.due()) {
            String amiId = current.newestId().orElseThrow();
            List<Artifact> artifacts = snapshots(ctx, instance, volumes, batch, request, facts,
                    Map.of(InitialAmis.DETAIL_INITIAL_AMI_ID, amiId));
            initialAmis.removeSuperseded(ctx, instance, null);
            return artifacts;
        }
        List<Artifact> artifacts = snapshots(ctx, instance, volumes, batch, request, facts, Map.of());
        Optional<String> created = initialAmis.create(ctx, instance);
        initialAmis.removeSuperseded(ctx, instance, created.orElse(null));
        return created.or(current::newestId)
                .map(amiId -> withInitialAmiId(ctx, instance, artifacts, amiId, request))
                .orElse(artifacts);
    }

    private static List<Artifact> withInitialAmiId(CloudContext ctx, Instance instance, List<Artifact> snapshots,
                                                   String amiId, BackupRequest request) {
        try {
            ctx.client(Ec2Client.class).createTags(b -> b
                    .resources(snapshots.stream().map(Artifact::id).toList())
                    .tags(t -> t.key(EbsSnapshots.DETAIL_TAG_PREFIX + InitialAmis.DETAIL_INITIAL_AMI_ID).value(amiId)));
        } catch (AwsServiceException e) {
            // e.g. TagLimitExceeded on snapshots of a much-tagged instance: Haven's record still has the id
            LOG.warn("Could not tag the snapshots of EC2 instance {} with initial AMI {}: {}",
                    instance.instanceId(), amiId, e.getMessage());
            request.log().warning("The snapshots of EC2 instance " + instance.instanceId() + " could not be tagged"
                    + " with their new initial AMI " + amiId + " (" + e.getMessage() + "): detail "
                    + InitialAmis.DETAIL_INITIAL_AMI_ID + " is kept only in Haven's record");
        }
        return snapshots.stream().map(artifact -> {
            Map<String, String> details = new LinkedHashMap<>(artifact.details());
            details.put(InitialAmis.DETAIL_INITIAL_AMI_ID, amiId);
            return new Artifact(artifact.kind(), artifact.id(), artifact.region(), artifact.resourceId(), details);
        }).toList();
    }

    /** The plain details (ids, device, ...), then the facts; within Haven's size limit. */
    private static Map<String, String> details(Map<String, String> plain, Map<String, String> facts) {
        Map<String, String> details = new LinkedHashMap<>(plain);
        details.putAll(facts);
        return DetailLimits.capped(details);
    }
}
