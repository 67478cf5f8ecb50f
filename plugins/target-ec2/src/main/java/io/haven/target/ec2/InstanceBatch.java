package io.haven.target.ec2;

import io.haven.api.target.CloudContext;
import io.haven.api.target.TargetNotFoundException;
import io.haven.aws.ec2.Ec2Errors;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * What starting a batch of instances needs to know, described together (issue 13, goal 3): one DescribeInstances
 * per 200 instances, one DescribeImages per 200 distinct original AMIs and one DescribeVolumes per 200 instances
 * (by attachment), instead of the same calls for each instance. Filters rather than id lists, because a filter
 * leaves out an id that is gone where an id list fails the whole call.
 */
final class InstanceBatch {

    /** AWS takes at most 200 values per describe filter. */
    private static final int MAX_FILTER_VALUES = 200;
    private static final Set<InstanceStateName> GONE_STATES =
            Set.of(InstanceStateName.TERMINATED, InstanceStateName.SHUTTING_DOWN);

    private final Map<String, Instance> instances;
    private final Map<String, Image> images;
    private final Map<String, Volume> volumes;

    private InstanceBatch(Map<String, Instance> instances, Map<String, Image> images, Map<String, Volume> volumes) {
        this.instances = instances;
        this.images = images;
        this.volumes = volumes;
    }

    /** Describes the instances, their original AMIs and their attached volumes. */
    static InstanceBatch describe(CloudContext ctx, Collection<String> instanceIds) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        List<String> ids = instanceIds.stream().distinct().toList();
        Map<String, Instance> instances = new HashMap<>();
        forEachChunk(ids, chunk -> ec2.describeInstancesPaginator(b -> b.filters(filter("instance-id", chunk)))
                .reservations().forEach(r -> r.instances().forEach(i -> instances.put(i.instanceId(), i))));
        Map<String, Image> images = new HashMap<>();
        List<String> imageIds = instances.values().stream().map(Instance::imageId).filter(id -> id != null).distinct().toList();
        forEachChunk(imageIds, chunk -> ec2.describeImagesPaginator(b -> b.filters(filter("image-id", chunk)))
                .images().forEach(image -> images.put(image.imageId(), image)));
        Map<String, Volume> volumes = new HashMap<>();
        List<String> live = ids.stream().filter(id -> instances.containsKey(id) && !isGone(instances.get(id))).toList();
        forEachChunk(live, chunk -> ec2.describeVolumesPaginator(b -> b.filters(filter("attachment.instance-id", chunk)))
                .volumes().forEach(volume -> volumes.put(volume.volumeId(), volume)));
        return new InstanceBatch(instances, images, volumes);
    }

    /**
     * Describes one instance by its id (the single form), failing as the batch would.
     */
    static Instance describeOne(CloudContext ctx, String instanceId) {
        try {
            Instance instance = ctx.client(Ec2Client.class).describeInstances(b -> b.instanceIds(instanceId))
                    .reservations().stream().flatMap(r -> r.instances().stream()).findFirst()
                    .orElseThrow(() -> notFound(instanceId, "does not exist"));
            return live(instance);
        } catch (AwsServiceException e) {
            if (Ec2Errors.hasCode(e, Ec2Errors.INSTANCE_NOT_FOUND)) {
                throw notFound(instanceId, "does not exist");
            }
            throw e;
        }
    }

    /** The instance, when it exists and is not on its way out. */
    Instance instance(String instanceId) {
        Instance instance = instances.get(instanceId);
        if (instance == null) {
            throw notFound(instanceId, "does not exist");
        }
        return live(instance);
    }

    /** The AMI the instance was launched from, as it is now; empty when it was deregistered since. */
    Optional<Image> originalImage(Instance instance) {
        return Optional.ofNullable(instance.imageId()).map(images::get);
    }

    /** The volumes attached to the batch's instances, by id. */
    Map<String, Volume> volumes() {
        return volumes;
    }

    private static boolean isGone(Instance instance) {
        return instance.state() != null && GONE_STATES.contains(instance.state().name());
    }

    private static Instance live(Instance instance) {
        if (isGone(instance)) {
            throw notFound(instance.instanceId(), "is " + instance.state().nameAsString());
        }
        return instance;
    }

    private static TargetNotFoundException notFound(String instanceId, String why) {
        return new TargetNotFoundException("EC2 instance " + instanceId + " " + why);
    }

    private static void forEachChunk(List<String> values, java.util.function.Consumer<List<String>> call) {
        for (int from = 0; from < values.size(); from += MAX_FILTER_VALUES) {
            call.accept(values.subList(from, Math.min(values.size(), from + MAX_FILTER_VALUES)));
        }
    }

    private static Filter filter(String name, List<String> values) {
        return Filter.builder().name(name).values(values).build();
    }
}
