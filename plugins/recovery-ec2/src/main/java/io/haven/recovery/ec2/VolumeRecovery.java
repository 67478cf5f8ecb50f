package io.haven.recovery.ec2;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryProgress;
import io.haven.api.target.CloudContext;
import io.haven.aws.recovery.RecoveryChoices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumeResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Recovery of one volume from its snapshot (guide 9.3): a new volume in the chosen zone with the
 * chosen size, type, IOPS and tags, optionally attached to an instance in that zone. With
 * {@code attachBehaviour=switch} the volume at the device of a stopped instance is detached first,
 * with {@code switch-and-delete} it is deleted once detached.
 */
final class VolumeRecovery {

    static final String KIND = "volume";

    private VolumeRecovery() {
    }

    /** The decided recovery: what to create, where, and what to attach it to. */
    record Plan(RecordedVolume volume, String zone, VolumeSpec spec, Optional<Attachment> attachment) {
    }

    /** @param replaced the volume now at the device, which a switch detaches; null when the device is free */
    record Attachment(String instanceId, String device, String behaviour, String replaced) {
    }

    static Recoverable recoverable(String typeId, RecordedVolume volume) {
        List<String> notes = new ArrayList<>();
        if (volume.zone() == null) {
            notes.add("The backup did not record the volume's zone: choose one.");
        }
        String key = volume.volumeId() != null ? volume.volumeId() : volume.snapshotId();
        return new Recoverable(KIND, key, typeId, volume.volumeId(), volume.artifact().region(), volume.label(),
                VolumeOptions.forVolume(volume), notes, List.of(volume.artifact()));
    }

    /** Checks the choices against the backup and AWS; creates nothing. */
    static Plan check(CloudContext ctx, Recoverable recoverable, Map<String, String> chosen) {
        RecoveryChoices choices = RecoveryChoices.of(recoverable, chosen);
        RecordedVolume volume = RecordedVolume.of(recoverable.artifacts().get(0));
        VolumeSpec spec = VolumeSpec.read(choices, "", volume);
        Ec2Lookups lookups = new Ec2Lookups(ctx.client(Ec2Client.class));
        String zone = choices.text(VolumeOptions.ZONE).orElseThrow(() -> new InvalidRecoveryException(
                VolumeOptions.ZONE, "zone is required" + (volume.zone() == null
                        ? ": the backup did not record the volume's zone" : "")));
        if (!lookups.zoneExists(zone)) {
            throw new InvalidRecoveryException(VolumeOptions.ZONE, "There is no availability zone " + zone
                    + " in " + ctx.region());
        }
        Optional<Attachment> attachment = choices.text(VolumeOptions.ATTACH_TO).isEmpty()
                ? Optional.empty()
                : Optional.of(attachment(choices, lookups, zone));
        return new Plan(volume, zone, spec, attachment);
    }

    /** Checks, then creates the volume and attaches it as planned, reporting each step. */
    static void start(CloudContext ctx, Recoverable recoverable, Map<String, String> chosen, RecoveryProgress progress) {
        Plan plan = check(ctx, recoverable, chosen);
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        VolumeSpec spec = plan.spec();
        CreateVolumeResponse created = ec2.createVolume(b -> b
                .snapshotId(plan.volume().snapshotId())
                .availabilityZone(plan.zone())
                .size(spec.sizeGiB())
                .volumeType(spec.type())
                .iops(spec.iops())
                .throughput(spec.throughput())
                .clientToken(UUID.randomUUID().toString())
                .tagSpecifications(TagLists.specification(ResourceType.VOLUME, spec.tags())));
        progress.created(resource(ctx.region(), created, plan));
        progress.log("Created volume " + created.volumeId() + " from snapshot " + plan.volume().snapshotId()
                + " in " + plan.zone());
        if (plan.attachment().isPresent()) {
            attach(ec2, created.volumeId(), plan.attachment().get(), ctx.region(), progress);
        }
    }

    private static void attach(Ec2Client ec2, String volumeId, Attachment attachment, String region,
                               RecoveryProgress progress) {
        Waits.volumeAvailable(ec2, volumeId);
        String replaced = attachment.replaced();
        if (replaced != null) {
            ec2.detachVolume(b -> b.volumeId(replaced).instanceId(attachment.instanceId()).device(attachment.device()));
            progress.log("Detached volume " + replaced + " from " + attachment.device() + " of " + attachment.instanceId());
            Waits.volumeAvailable(ec2, replaced);
        }
        ec2.attachVolume(b -> b.volumeId(volumeId).instanceId(attachment.instanceId()).device(attachment.device()));
        progress.log("Attached volume " + volumeId + " to " + attachment.instanceId() + " as " + attachment.device());
        if (replaced != null && VolumeOptions.SWITCH_AND_DELETE.equals(attachment.behaviour())) {
            ec2.deleteVolume(b -> b.volumeId(replaced));
            progress.removed(new RecoveredResource(KIND, replaced, region,
                    Map.of("instanceId", attachment.instanceId(), "device", attachment.device())));
            progress.log("Deleted the detached volume " + replaced);
        }
    }

    private static Attachment attachment(RecoveryChoices choices, Ec2Lookups lookups, String zone) {
        String instanceId = Ids.checked(VolumeOptions.ATTACH_TO, Ids.INSTANCE,
                choices.text(VolumeOptions.ATTACH_TO).orElseThrow(), "i-0123456789abcdef0");
        Instance instance = lookups.instance(instanceId)
                .filter(found -> found.state() == null || !isGone(found.state().name()))
                .orElseThrow(() -> new InvalidRecoveryException(VolumeOptions.ATTACH_TO,
                        "Instance " + instanceId + " does not exist"));
        String instanceZone = instance.placement() == null ? null : instance.placement().availabilityZone();
        if (!zone.equals(instanceZone)) {
            throw new InvalidRecoveryException(VolumeOptions.ATTACH_TO, "Instance " + instanceId + " is in "
                    + instanceZone + " and the volume would be in " + zone
                    + ": a volume attaches only to an instance in its zone; set zone to " + instanceZone
                    + " or choose another instance");
        }
        String device = Devices.checked(VolumeOptions.DEVICE, choices.text(VolumeOptions.DEVICE).orElseThrow(
                () -> new InvalidRecoveryException(VolumeOptions.DEVICE, "device is required to attach the volume")));
        String behaviour = choices.textOrDefault(VolumeOptions.ATTACH_BEHAVIOUR);
        Optional<String> occupant = Devices.volumeAt(instance, device);
        if (VolumeOptions.IF_FREE.equals(behaviour)) {
            if (occupant.isPresent()) {
                throw new InvalidRecoveryException(VolumeOptions.DEVICE, "Device " + device + " of " + instanceId
                        + " holds volume " + occupant.get() + "; choose a free device, or attachBehaviour=switch");
            }
        } else if (instance.state() == null || instance.state().name() != InstanceStateName.STOPPED) {
            // Never detach from a running instance: its system may crash.
            throw new InvalidRecoveryException(VolumeOptions.ATTACH_BEHAVIOUR, "attachBehaviour=" + behaviour
                    + " needs instance " + instanceId + " stopped; it is "
                    + (instance.state() == null ? "in an unknown state" : instance.state().nameAsString()));
        }
        return new Attachment(instanceId, device, behaviour, occupant.orElse(null));
    }

    private static RecoveredResource resource(String region, CreateVolumeResponse created, Plan plan) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("snapshotId", plan.volume().snapshotId());
        put(details, "originalVolumeId", plan.volume().volumeId());
        details.put("zone", created.availabilityZone());
        put(details, "sizeGiB", created.size());
        put(details, "volumeType", created.volumeTypeAsString());
        put(details, "iops", created.iops());
        plan.attachment().ifPresent(attachment -> {
            details.put(ResourcePoller.ATTACH_TO, attachment.instanceId());
            details.put("device", attachment.device());
        });
        return new RecoveredResource(KIND, created.volumeId(), region, details);
    }

    static boolean isGone(InstanceStateName state) {
        return state == InstanceStateName.TERMINATED || state == InstanceStateName.SHUTTING_DOWN;
    }

    private static void put(Map<String, String> details, String key, Object value) {
        if (value != null) {
            details.put(key, value.toString());
        }
    }
}
