package io.haven.target.ec2;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.aws.ec2.EbsSnapshots;
import io.haven.aws.ec2.Ec2Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Backs up an EC2 instance as one EBS snapshot per selected attached volume (see
 * {@link VolumeSelection}); stopped instances are backed up too.
 */
@Component(service = TargetType.class, property = TargetType.SERVICE_PROPERTY_TYPE + "=" + Ec2InstanceTargetType.ID)
public final class Ec2InstanceTargetType implements TargetType {

    public static final String ID = "ec2-instance";

    // i- with 8 (older) or 17 (current) hexadecimal digits
    private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    /** Instances that can be backed up; terminated and shutting-down ones are on their way out. */
    private static final List<String> LIVE_STATES = List.of(InstanceStateName.PENDING.toString(),
            InstanceStateName.RUNNING.toString(), InstanceStateName.STOPPING.toString(),
            InstanceStateName.STOPPED.toString());
    private static final Set<InstanceStateName> GONE_STATES =
            Set.of(InstanceStateName.TERMINATED, InstanceStateName.SHUTTING_DOWN);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "EC2 instance";
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

    @Override
    public void validate(TargetSpec target) {
        if (target.resourceId() == null || !INSTANCE_ID.matcher(target.resourceId()).matches()) {
            throw new InvalidTargetException("resourceId",
                    "An EC2 instance id looks like i-0123456789abcdef0, not '" + target.resourceId() + "'");
        }
        VolumeSelection.parse(target.options());
    }

    @Override
    public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
        VolumeSelection selection = VolumeSelection.parse(target.options());
        Instance instance = describe(ctx, target.resourceId());
        Map<String, String> selected = selection.select(instance.instanceId(), InstanceResources.ebsVolumes(instance));
        // A failure part-way leaves tagged snapshots that findByBackupId finds for reconciliation.
        List<Artifact> artifacts = new ArrayList<>();
        selected.forEach((device, volumeId) -> artifacts.add(EbsSnapshots.create(ctx, ID, volumeId, request,
                Map.of("instanceId", instance.instanceId(), "device", device))));
        return artifacts;
    }

    @Override
    public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
        return EbsSnapshots.status(ctx, artifact.id());
    }

    @Override
    public void delete(CloudContext ctx, Artifact artifact) {
        EbsSnapshots.delete(ctx, artifact.id());
    }

    @Override
    public List<Artifact> findByBackupId(CloudContext ctx, String backupId) {
        return EbsSnapshots.findByBackupId(ctx, ID, backupId);
    }

    private static Instance describe(CloudContext ctx, String instanceId) {
        Instance instance;
        try {
            instance = ctx.client(Ec2Client.class).describeInstances(b -> b.instanceIds(instanceId)).reservations().stream()
                    .flatMap(reservation -> reservation.instances().stream())
                    .findFirst()
                    .orElseThrow(() -> notFound(instanceId, "does not exist"));
        } catch (AwsServiceException e) {
            if (Ec2Errors.hasCode(e, Ec2Errors.INSTANCE_NOT_FOUND)) {
                throw notFound(instanceId, "does not exist");
            }
            throw e;
        }
        if (instance.state() != null && GONE_STATES.contains(instance.state().name())) {
            throw notFound(instanceId, "is " + instance.state().nameAsString());
        }
        return instance;
    }

    private static TargetNotFoundException notFound(String instanceId, String why) {
        return new TargetNotFoundException("EC2 instance " + instanceId + " " + why);
    }
}
