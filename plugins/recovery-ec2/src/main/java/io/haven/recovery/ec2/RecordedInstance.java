package io.haven.recovery.ec2;

import io.haven.api.target.Artifact;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An instance as one backup recorded it: its settings ({@code instance.*}), its original AMI
 * ({@code image.*}) and either one snapshot per volume or one AMI covering them all (AMI-only
 * backups). Every artifact of the instance carries the same facts; they are merged so that an
 * artifact recorded with fewer details does not hide them.
 */
record RecordedInstance(String instanceId, String region, Map<String, String> facts, List<RecordedVolume> volumes,
                        Artifact image, List<Artifact> artifacts) {

    static final String AMI_KIND = "ami";
    private static final String INSTANCE = "instance.";
    private static final String TAG = "instance.tag.";
    private static final String WINDOWS = "windows";

    RecordedInstance {
        facts = Map.copyOf(facts);
        volumes = List.copyOf(volumes);
        artifacts = List.copyOf(artifacts);
    }

    /** The backup's instances in the order their artifacts come, each with its volumes root first. */
    static List<RecordedInstance> group(List<Artifact> artifacts) {
        Map<String, List<Artifact>> byInstance = new LinkedHashMap<>();
        for (Artifact artifact : artifacts) {
            String instanceId = artifact.details().getOrDefault(RecordedVolume.DETAIL_INSTANCE_ID, artifact.resourceId());
            byInstance.computeIfAbsent(instanceId, id -> new ArrayList<>()).add(artifact);
        }
        List<RecordedInstance> instances = new ArrayList<>();
        byInstance.forEach((instanceId, own) -> instances.add(of(instanceId, own)));
        return instances;
    }

    private static RecordedInstance of(String instanceId, List<Artifact> artifacts) {
        Map<String, String> facts = new LinkedHashMap<>();
        artifacts.forEach(artifact -> artifact.details().forEach(facts::putIfAbsent));
        Artifact image = artifacts.stream().filter(a -> AMI_KIND.equals(a.kind())).findFirst().orElse(null);
        String root = facts.getOrDefault(INSTANCE + "rootDevice", facts.get("image.rootDeviceName"));
        List<RecordedVolume> volumes = new ArrayList<>(artifacts.stream()
                .filter(a -> !AMI_KIND.equals(a.kind()))
                .map(RecordedVolume::of)
                .filter(volume -> volume.device() != null)
                .toList());
        volumes.sort(Comparator.comparing((RecordedVolume v) -> !Devices.same(v.device(), root))
                .thenComparing(RecordedVolume::device));
        return new RecordedInstance(instanceId, artifacts.get(0).region(), facts, volumes, image, artifacts);
    }

    /** A recorded instance setting by its name without prefix, for example {@code type}; null when not recorded. */
    String setting(String name) {
        String value = facts.get(INSTANCE + name);
        return value == null || value.isBlank() ? null : value;
    }

    String fact(String name) {
        return facts.get(name);
    }

    Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        facts.forEach((name, value) -> {
            if (name.startsWith(TAG)) {
                tags.put(name.substring(TAG.length()), value);
            }
        });
        return tags;
    }

    String rootDevice() {
        String root = setting("rootDevice");
        return root != null ? root : facts.get("image.rootDeviceName");
    }

    boolean windows() {
        String platform = setting("platform");
        return WINDOWS.equalsIgnoreCase(platform != null ? platform : facts.get("image.platform"));
    }

    Optional<RecordedVolume> rootVolume() {
        String root = rootDevice();
        return volumes.stream().filter(volume -> Devices.same(volume.device(), root)).findFirst();
    }

    List<RecordedVolume> dataVolumes() {
        String root = rootDevice();
        return volumes.stream().filter(volume -> !Devices.same(volume.device(), root)).toList();
    }

    /** The image to launch from by default: the AMI of an AMI-only backup, else the initial AMI, else the original. */
    String defaultImageId() {
        if (image != null) {
            return image.id();
        }
        String initial = facts.get("initialAmiId");
        return initial != null && !initial.isBlank() ? initial : setting("imageId");
    }

    /** For example "web-1 (i-0123...), 3 volumes". */
    String label() {
        String name = tags().get("Name");
        String who = name == null || name.isBlank() ? instanceId : name + " (" + instanceId + ")";
        if (image != null) {
            return who + ", AMI " + image.id();
        }
        return who + ", " + volumes.size() + (volumes.size() == 1 ? " volume" : " volumes");
    }
}
