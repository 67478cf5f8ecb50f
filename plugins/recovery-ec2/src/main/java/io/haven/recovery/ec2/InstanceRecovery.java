package io.haven.recovery.ec2;

import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryProgress;
import io.haven.api.target.CloudContext;
import io.haven.aws.recovery.RecoveryChoices;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.RegisterImageResponse;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * Recovery of an instance (guide 9.2). With launchFrom=snapshot it registers an AMI from the
 * backup's root snapshot and the chosen data volumes, waits for it, launches from it and then
 * deregisters it (amiHandling=deregister), keeps it (keep) or launches nothing (register-only).
 * In another account than the backup's, the shared snapshots are first copied into it ({@link OwnCopies}), as AWS
 * registers images only from snapshots the account owns.
 * With launchFrom=image it launches from an existing AMI with the backup's data volumes mapped in, and
 * with rootVolume=backup then replaces each instance's root volume with one from the backup's root
 * snapshot ({@link RootReplacement}), so that the system drive is the backup's too.
 * Volumes whose tags are preserved are tagged once the instances show them, since RunInstances can
 * only give all of an instance's volumes the same tags.
 */
final class InstanceRecovery {

    /** The step of the launch in the recovery's client tokens. */
    static final String LAUNCH_STEP = "launch";

    static final String KIND = "instance";

    private InstanceRecovery() {
    }

    static Recoverable recoverable(String typeId, RecordedInstance instance) {
        return new Recoverable(KIND, instance.instanceId(), typeId, instance.instanceId(), instance.region(),
                instance.label(), InstanceOptions.of(instance), notes(instance), instance.artifacts());
    }

    /** Checks the choices against the backup and AWS; creates nothing. */
    static LaunchChecks.Checked check(CloudContext ctx, Recoverable recoverable, Map<String, String> chosen, List<String> notes) {
        return check(ctx, recoverable, chosen, notes, false);
    }

    /**
     * The check before the recovery is started ({@code beforeStart}) lets the backup's own AMI be missing: in another
     * account core shares it only once the check passed (decision 46); the start checks it again, strictly.
     */
    static LaunchChecks.Checked check(CloudContext ctx, Recoverable recoverable, Map<String, String> chosen,
                                      List<String> notes, boolean beforeStart) {
        RecoveryChoices choices = RecoveryChoices.of(recoverable, chosen);
        RecordedInstance instance = instanceOf(recoverable);
        LaunchSpec spec = LaunchSpec.read(choices, instance, notes);
        String sharedAtStart = beforeStart && instance.image() != null ? instance.image().id() : null;
        return new LaunchChecks(new Ec2Lookups(ctx.client(Ec2Client.class)), choices, notes, sharedAtStart).verify(spec);
    }

    static void start(CloudContext ctx, Recoverable recoverable, Map<String, String> chosen, RecoveryProgress progress) {
        run(ctx, recoverable, chosen, EarlierStart.NONE, progress);
    }

    /**
     * Goes on with a start that Haven's stop cut short (decision 0054), adopting what it had recorded: its snapshot
     * copies and AMI are waited for instead of made again, and the steps go on as {@link #start}'s. Instances already
     * launched are not launched again: only the temporary AMI and copies are dealt with. Where going on is impossible
     * (a copy or the AMI failed or is gone, the choices no longer pass) the temporary copies and AMI are removed and
     * the exception says why.
     */
    static void resume(CloudContext ctx, Recoverable recoverable, Map<String, String> chosen,
                       List<RecoveredResource> created, RecoveryProgress progress) {
        EarlierStart recorded = EarlierStart.of(created);
        if (!recorded.instanceIds().isEmpty()) {
            afterLaunch(ctx, recoverable, chosen, recorded, created, progress);
            return;
        }
        // A copy or the AMI whose answer was lost with the stop is found by the recovery's tag (decision 0059).
        List<RecoveredResource> all = new ArrayList<>(created);
        all.addAll(LostAnswers.find(ctx, created, progress));
        run(ctx, recoverable, chosen, EarlierStart.of(all), progress);
    }

    /** The steps of a start, from scratch or from what an earlier one recorded. */
    private static void run(CloudContext ctx, Recoverable recoverable, Map<String, String> chosen, EarlierStart earlier,
                            RecoveryProgress progress) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        List<String> notes = new ArrayList<>();
        LaunchChecks.Checked checked;
        try {
            checked = check(ctx, recoverable, chosen, notes);
        } catch (RuntimeException e) {
            discard(ctx, earlier, progress);
            throw e;
        }
        notes.forEach(progress::log);
        RecordedInstance instance = instanceOf(recoverable);
        // launching from an image maps shared snapshots directly (AWS creates volumes from them); registering needs own
        OwnCopies copies = checked.spec().fromSnapshot() ? OwnCopies.make(ctx, instance.instanceId(),
                checked.spec().volumes(), earlier.copies(), progress) : OwnCopies.none(ctx);
        LaunchSpec spec = checked.spec().withVolumes(copies.applyTo(checked.spec().volumes()));
        String imageId;
        try {
            imageId = !spec.fromSnapshot() ? spec.imageId() : earlier.imageId().isPresent()
                    ? adopt(ec2, earlier.imageId().get(), progress) : register(ec2, ctx.region(), instance, spec, progress);
        } catch (RuntimeException e) {
            copies.delete(progress);
            throw e;
        }
        List<String> ids;
        try {
            if (spec.fromSnapshot()) {
                Waits.imageAvailable(ec2, imageId);
            }
            if (spec.registerOnly()) {
                progress.log("AMI " + imageId + " is registered; no instance was launched (amiHandling=register-only)");
                return;
            }
            ids = launch(ec2, ctx.region(), spec, imageId, checked, progress);
        } finally {
            // the temporary AMI goes whether the launch worked or not; its snapshots are the backup's (or copies of them)
            release(ec2, ctx.region(), spec, imageId, copies, progress);
        }
        if (spec.rootReplacement() != null && !ids.isEmpty()) {
            RootReplacement.replace(ec2, ctx.region(), ids, spec.rootReplacement(), progress);
        }
        tagVolumes(ec2, ctx.region(), spec, ids, Set.of(), progress);
    }

    /** Deregisters a temporary AMI and deletes the copies that held it, or says that both stay. */
    private static void release(Ec2Client ec2, String region, LaunchSpec spec, String imageId, OwnCopies copies,
                                RecoveryProgress progress) {
        if (spec.deregisterAfterLaunch() && deregister(ec2, region, imageId, progress)) {
            copies.delete(progress);
        } else {
            copies.keptWith(imageId, progress);
        }
    }

    /** The AMI an earlier start registered, if it is still there (failed or available: the wait tells them apart). */
    private static String adopt(Ec2Client ec2, String imageId, RecoveryProgress progress) {
        String state = new Ec2Lookups(ec2).imageState(imageId);
        if (Ec2Lookups.GONE.equals(state) || "deregistered".equals(state)) {
            progress.log("AMI " + imageId + ", registered before Haven stopped, no longer exists: the recovery cannot"
                    + " go on");
            throw new IllegalStateException("AMI " + imageId + ", registered before Haven stopped, no longer exists");
        }
        progress.log("Going on with AMI " + imageId + ", registered before Haven stopped (" + state + ")");
        return imageId;
    }

    /**
     * Resumed after the launch: the instances exist, so the temporary AMI and its copies are dealt with as the start
     * would have, and the volumes' tags copied again (CreateTags changes nothing the second time; volumes recorded
     * before the stop are not reported again). A root volume swap is not redone, and the log says so: the stop may have
     * come at any of its steps.
     */
    private static void afterLaunch(CloudContext ctx, Recoverable recoverable, Map<String, String> chosen,
                                    EarlierStart earlier, List<RecoveredResource> created, RecoveryProgress progress) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        LaunchSpec spec = LaunchSpec.read(RecoveryChoices.of(recoverable, chosen), instanceOf(recoverable),
                new ArrayList<>());
        progress.log("Instances " + String.join(", ", earlier.instanceIds()) + " were launched before Haven stopped;"
                + " they are not launched again");
        earlier.imageId().ifPresent(imageId -> release(ec2, ctx.region(), spec, imageId,
                OwnCopies.adopted(ctx, earlier.copies()), progress));
        if (spec.rootReplacement() != null) {
            progress.log("Not done after the restart: replacing the root volumes with the backup's and copying the"
                    + " volumes' tags; do it by hand if you need it");
            return;
        }
        tagVolumes(ec2, ctx.region(), spec, earlier.instanceIds(),
                created.stream().map(RecoveredResource::id).collect(java.util.stream.Collectors.toSet()), progress);
    }

    /** Removes the temporary copies and AMI an earlier start made, when its resumption cannot go on. */
    private static void discard(CloudContext ctx, EarlierStart earlier, RecoveryProgress progress) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        boolean imageGone = earlier.imageId().map(imageId -> deregister(ec2, ctx.region(), imageId, progress))
                .orElse(true);
        OwnCopies copies = OwnCopies.adopted(ctx, earlier.copies());
        if (imageGone) {
            copies.delete(progress);
        } else {
            copies.keptWith(earlier.imageId().get(), progress);
        }
    }

    private static List<String> launch(Ec2Client ec2, String region, LaunchSpec spec, String imageId,
                                       LaunchChecks.Checked checked, RecoveryProgress progress) {
        // The recovery's own token for its launch: a start resumed after a stop that came between AWS's answer and
        // its record launches nothing more, AWS answers with the instances of the first call (recovery SPI 1.5).
        RunInstancesResponse launched = ec2.runInstances(LaunchRequest.of(spec, imageId, checked.image().orElse(null),
                progress.clientToken(LAUNCH_STEP)));
        List<String> ids = launched.instances().stream().map(Instance::instanceId).toList();
        launched.instances().forEach(started -> progress.created(resource(region, started, imageId)));
        progress.log(ids.size() + " of " + spec.count() + " requested instances started: " + String.join(", ", ids));
        return ids;
    }

    private static String register(Ec2Client ec2, String region, RecordedInstance instance, LaunchSpec spec,
                                   RecoveryProgress progress) {
        RegisterImageResponse registered = ec2.registerImage(ImageRegistration.request(instance, spec,
                Clock.systemUTC(), LostAnswers.tagValue(progress)));
        String imageId = registered.imageId();
        progress.created(new RecoveredResource(ResourcePoller.AMI, imageId, region, Map.of(
                "fromInstance", instance.instanceId(),
                "rootSnapshot", spec.volumes().get(0).volume().snapshotId(),
                "amiHandling", spec.amiHandling())));
        progress.log("Registered AMI " + imageId + " from snapshot " + spec.volumes().get(0).volume().snapshotId()
                + " and " + (spec.volumes().size() - 1) + " data volume(s)");
        return imageId;
    }

    /** @return whether the AMI is gone */
    private static boolean deregister(Ec2Client ec2, String region, String imageId, RecoveryProgress progress) {
        try {
            ec2.deregisterImage(b -> b.imageId(imageId));
        } catch (SdkException e) {
            // never hide why the launch failed; the AMI stays listed as created
            progress.log("Could not deregister the temporary AMI " + imageId + ", deregister it by hand: " + e.getMessage());
            return false;
        }
        progress.removed(new RecoveredResource(ResourcePoller.AMI, imageId, region, Map.of("amiHandling", "deregister")));
        progress.log("Deregistered the temporary AMI " + imageId);
        return true;
    }

    /** @param recorded resources already recorded (a resumption's): tagged again, not reported again */
    private static void tagVolumes(Ec2Client ec2, String region, LaunchSpec spec, List<String> instanceIds,
                                   Set<String> recorded, RecoveryProgress progress) {
        List<VolumeMapping> tagged = spec.volumes().stream().filter(v -> !v.spec().tags().isEmpty()).toList();
        if (tagged.isEmpty() || instanceIds.isEmpty()) {
            return;
        }
        try {
            Waits.instancesRunning(ec2, instanceIds);
        } catch (SdkException e) {
            progress.log("The volumes' tags were not copied: the instances did not reach running (" + e.getMessage() + ")");
            return;
        }
        ec2.describeInstances(b -> b.instanceIds(instanceIds)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .forEach(instance -> {
                    for (InstanceBlockDeviceMapping device : instance.blockDeviceMappings()) {
                        if (device.ebs() == null) {
                            continue;
                        }
                        tagged.stream().filter(v -> Devices.same(v.device(), device.deviceName())).findFirst()
                                .ifPresent(mapping -> {
                                    String volumeId = device.ebs().volumeId();
                                    ec2.createTags(b -> b.resources(volumeId).tags(TagLists.of(mapping.spec().tags())));
                                    if (recorded.contains(volumeId)) {
                                        return;
                                    }
                                    progress.created(new RecoveredResource(VolumeRecovery.KIND, volumeId, region, Map.of(
                                            "instanceId", instance.instanceId(), "device", device.deviceName(),
                                            "snapshotId", mapping.volume().snapshotId())));
                                });
                    }
                });
    }

    private static RecoveredResource resource(String region, Instance instance, String imageId) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("imageId", imageId);
        put(details, "instanceType", instance.instanceTypeAsString());
        put(details, "zone", instance.placement() == null ? null : instance.placement().availabilityZone());
        put(details, "subnetId", instance.subnetId());
        put(details, "privateIp", instance.privateIpAddress());
        put(details, "devices", instance.blockDeviceMappings().stream().map(InstanceBlockDeviceMapping::deviceName)
                .collect(Collectors.joining(",")));
        return new RecoveredResource(KIND, instance.instanceId(), region, details);
    }

    private static RecordedInstance instanceOf(Recoverable recoverable) {
        return RecordedInstance.group(recoverable.artifacts()).get(0);
    }

    private static List<String> notes(RecordedInstance instance) {
        List<String> notes = new ArrayList<>();
        if (instance.image() != null) {
            notes.add("This backup is AMI " + instance.image().id() + ", which holds all volumes: the instance is"
                    + " launched from it.");
        } else if (instance.windows()) {
            notes.add("Windows: launched from an image (the initial AMI by default), since AWS does not boot Windows"
                    + " from a registered snapshot; then its root volume is replaced with one from this backup's root"
                    + " snapshot (rootVolume=backup), and the data volumes come from this backup.");
        } else if (instance.rootVolume().isEmpty()) {
            notes.add("The backup holds no snapshot of the root device: launched from an image, with the data"
                    + " volumes from this backup.");
        }
        if (instance.setting("type") == null) {
            notes.add("The backup did not record the instance's settings: choose instance type, subnet and"
                    + " security groups.");
        }
        notes.add("Launching from an image maps the backup's data volumes at their devices, replacing what the"
                + " image has there; the root volume comes from the backup with rootVolume=backup (the instance is"
                + " stopped, its root volume swapped and started again), else from the image.");
        notes.add("Elastic IPs and further network interfaces are not recovered; instance-store volumes"
                + " (ephemeral) are mapped as the original's image had them, and start empty.");
        return notes;
    }

    private static void put(Map<String, String> details, String key, String value) {
        if (value != null && !value.isBlank()) {
            details.put(key, value);
        }
    }
}
