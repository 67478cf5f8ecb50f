package io.haven.testing.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory EC2 made for goal 1's scale (issue 13): tens of thousands of instances and their snapshots, which moto
 * serves more and more slowly as snapshots pile up. It answers, in EC2's query protocol, exactly the calls a backup
 * run of EC2 instances makes (DescribeInstances, DescribeImages, DescribeVolumes and DescribeSnapshots with the
 * filters Haven and the baselines use, DescribeInstanceAttribute, CreateSnapshots, CreateTags, DeleteSnapshot) and
 * STS's GetCallerIdentity; any other call gets {@code InvalidAction} and is counted in {@link #unsupported()}.
 * Snapshots are complete at once: put {@link AwsBehaviourProxy} in front of it for AWS's token buckets and pending
 * times. Each account (the signing access key, when it is 12 digits) and region is a world of its own.
 */
public final class Ec2EstateEmulator implements AutoCloseable {

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/([^/]+)/");
    private static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final String IMAGE_ID = "ami-0e57a7e0000000001";
    private static final String ROOT_DEVICE = "/dev/xvda";
    private static final String DEFAULT_ACCOUNT = "123456789012";

    private record Tag(String key, String value) {
    }

    private record Volume(String id, String instanceId, String device, int sizeGiB, String zone) {
    }

    private record Instance(String id, String zone, List<Volume> volumes) {
    }

    private record Snapshot(String id, String volumeId, int sizeGiB, String description, Instant started,
                            Map<String, String> tags) {
    }

    /** One account's region. */
    private static final class World {
        final Map<String, Instance> instances = new ConcurrentHashMap<>();
        final Map<String, Volume> volumes = new ConcurrentHashMap<>();
        final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    }

    private final HttpServer server;
    private final Map<String, World> worlds = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Integer> unsupported = new ConcurrentHashMap<>();

    public Ec2EstateEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, "ec2-estate-emulator");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Launches running instances in the account's region, each with a root volume of 8 GiB and
     * {@code volumesPerInstance - 1} data volumes of 10 GiB; returns their ids.
     */
    public List<String> launch(String account, String region, int count, int volumesPerInstance) {
        World world = world(account, region);
        List<String> launched = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String instanceId = id("i-");
            List<Volume> volumes = new ArrayList<>(volumesPerInstance);
            for (int v = 0; v < volumesPerInstance; v++) {
                Volume volume = new Volume(id("vol-"), instanceId, v == 0 ? ROOT_DEVICE : "/dev/sd" + (char) ('f' + v - 1),
                        v == 0 ? 8 : 10, region + "a");
                volumes.add(volume);
                world.volumes.put(volume.id(), volume);
            }
            world.instances.put(instanceId, new Instance(instanceId, region + "a", List.copyOf(volumes)));
            launched.add(instanceId);
        }
        return launched;
    }

    /** The snapshots that exist in the account's region. */
    public int snapshots(String account, String region) {
        return world(account, region).snapshots.size();
    }

    /** Calls answered with InvalidAction, per operation: what a benchmark needs that the emulator does not do. */
    public Map<String, Integer> unsupported() {
        return new TreeMap<>(unsupported);
    }

    private World world(String account, String region) {
        return worlds.computeIfAbsent(account + "/" + region, key -> new World());
    }

    private String id(String prefix) {
        return prefix + String.format("%017x", ids.incrementAndGet());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> params = AwsBehaviourProxy.form(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher m = CREDENTIAL.matcher(auth == null ? "" : auth);
            String key = m.find() ? m.group(1) : DEFAULT_ACCOUNT;
            String region = regionOf(auth);
            String account = key.matches("\\d{12}") ? key : DEFAULT_ACCOUNT;
            String action = params.getOrDefault("Action", "");
            World world = world(account, region);
            String body = switch (action) {
                case "GetCallerIdentity" -> callerIdentity(account);
                case "DescribeInstances" -> describeInstances(world, account, params);
                case "DescribeImages" -> describeImages(account, params);
                case "DescribeVolumes" -> describeVolumes(world, params);
                case "DescribeInstanceAttribute" -> describeInstanceAttribute(world, params);
                case "DescribeSnapshots" -> describeSnapshots(world, account, params);
                case "CreateSnapshots" -> createSnapshots(world, account, params);
                case "CreateTags" -> createTags(world, params);
                case "DeleteSnapshot" -> deleteSnapshot(world, params);
                default -> null;
            };
            if (body == null) {
                unsupported.merge(action, 1, Integer::sum);
                error(exchange, "InvalidAction", "The emulator does not do " + action);
            } else if (body.startsWith("!")) {
                String[] codeAndMessage = body.substring(1).split(" ", 2);
                error(exchange, codeAndMessage[0], codeAndMessage[1]);
            } else {
                FaultProxy.write(exchange, 200, body.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String regionOf(String auth) {
        Matcher m = CREDENTIAL.matcher(auth == null ? "" : auth);
        return m.find() ? m.group(2) : "us-east-1";
    }

    private static String callerIdentity(String account) {
        return "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                + "<UserId>AIDAESTATE</UserId><Account>" + account + "</Account><Arn>arn:aws:iam::" + account
                + ":user/estate</Arn></GetCallerIdentityResult><ResponseMetadata><RequestId>estate</RequestId>"
                + "</ResponseMetadata></GetCallerIdentityResponse>";
    }

    private static String describeInstances(World world, String account, Map<String, String> params) {
        List<Instance> found = select(world.instances, params, "InstanceId", Map.of("instance-id", Instance::id));
        StringBuilder xml = open("DescribeInstances").append("<reservationSet>");
        for (Instance instance : found) {
            xml.append("<item><reservationId>r-").append(instance.id().substring(2)).append("</reservationId><ownerId>")
                    .append(account).append("</ownerId><groupSet/><instancesSet><item><instanceId>").append(instance.id())
                    .append("</instanceId><imageId>").append(IMAGE_ID).append("</imageId><instanceState><code>16</code>"
                            + "<name>running</name></instanceState><instanceType>t3.micro</instanceType><placement>"
                            + "<availabilityZone>").append(instance.zone()).append("</availabilityZone><tenancy>default"
                            + "</tenancy></placement><architecture>x86_64</architecture><rootDeviceName>")
                    .append(ROOT_DEVICE).append("</rootDeviceName><rootDeviceType>ebs</rootDeviceType>"
                            + "<virtualizationType>hvm</virtualizationType><blockDeviceMapping>");
            for (Volume volume : instance.volumes()) {
                xml.append("<item><deviceName>").append(volume.device()).append("</deviceName><ebs><volumeId>")
                        .append(volume.id()).append("</volumeId><status>attached</status><attachTime>")
                        .append(Instant.EPOCH).append("</attachTime><deleteOnTermination>true</deleteOnTermination>"
                                + "</ebs></item>");
            }
            xml.append("</blockDeviceMapping><tagSet><item><key>Name</key><value>").append(instance.id())
                    .append("</value></item></tagSet></item></instancesSet></item>");
        }
        return close(xml.append("</reservationSet>"), "DescribeInstances");
    }

    /** One image, untagged, that every instance was launched from; filters as EC2's (a tag filter finds nothing). */
    private static String describeImages(String account, Map<String, String> params) {
        List<String> named = values(params, "ImageId");
        boolean found = named.isEmpty() || named.contains(IMAGE_ID);
        Map<String, String> attributes = Map.of("image-id", IMAGE_ID, "name", "estate-linux", "owner-id", account,
                "state", "available");
        for (String name : filterNames(params)) {
            found &= filterValues(params, name).contains(attributes.get(name));
        }
        StringBuilder xml = open("DescribeImages").append("<imagesSet>");
        if (found) {
            xml.append("<item><imageId>").append(IMAGE_ID).append("</imageId><imageLocation>").append(account)
                    .append("/estate-linux</imageLocation><imageState>available</imageState><imageOwnerId>")
                    .append(account).append("</imageOwnerId><isPublic>false</isPublic><architecture>x86_64"
                            + "</architecture><imageType>machine</imageType><name>estate-linux</name><rootDeviceType>ebs"
                            + "</rootDeviceType><rootDeviceName>").append(ROOT_DEVICE).append("</rootDeviceName>"
                            + "<virtualizationType>hvm</virtualizationType><platformDetails>Linux/UNIX</platformDetails>"
                            + "</item>");
        }
        return close(xml.append("</imagesSet>"), "DescribeImages");
    }

    private static String describeVolumes(World world, Map<String, String> params) {
        List<Volume> found = select(world.volumes, params, "VolumeId",
                Map.of("volume-id", Volume::id, "attachment.instance-id", Volume::instanceId));
        StringBuilder xml = open("DescribeVolumes").append("<volumeSet>");
        for (Volume volume : found) {
            xml.append("<item><volumeId>").append(volume.id()).append("</volumeId><size>").append(volume.sizeGiB())
                    .append("</size><availabilityZone>").append(volume.zone()).append("</availabilityZone><status>in-use"
                            + "</status><createTime>").append(Instant.EPOCH).append("</createTime><attachmentSet><item>"
                            + "<volumeId>").append(volume.id()).append("</volumeId><instanceId>").append(volume.instanceId())
                    .append("</instanceId><device>").append(volume.device()).append("</device><status>attached</status>"
                            + "<deleteOnTermination>true</deleteOnTermination></item></attachmentSet><volumeType>gp3"
                            + "</volumeType><iops>3000</iops><throughput>125</throughput><encrypted>false</encrypted>"
                            + "</item>");
        }
        return close(xml.append("</volumeSet>"), "DescribeVolumes");
    }

    private static String describeInstanceAttribute(World world, Map<String, String> params) {
        String instanceId = params.get("InstanceId");
        if (!world.instances.containsKey(instanceId)) {
            return "!InvalidInstanceID.NotFound The instance ID '" + instanceId + "' does not exist";
        }
        String attribute = params.getOrDefault("Attribute", "");
        String value = switch (attribute) {
            case "disableApiTermination", "disableApiStop" -> "false";
            case "instanceInitiatedShutdownBehavior" -> "stop";
            default -> null;
        };
        if (value == null) {
            return "!InvalidParameterValue The emulator does not describe attribute " + attribute;
        }
        return close(open("DescribeInstanceAttribute").append("<instanceId>").append(instanceId).append("</instanceId><")
                .append(attribute).append("><value>").append(value).append("</value></").append(attribute).append('>'),
                "DescribeInstanceAttribute");
    }

    private static String describeSnapshots(World world, String account, Map<String, String> params) {
        Collection<String> owners = filterValues(params, "owner-id");
        if (!owners.isEmpty() && !owners.contains(account) && !owners.contains("self")) {
            return close(open("DescribeSnapshots").append("<snapshotSet/>"), "DescribeSnapshots");
        }
        List<Snapshot> found = select(world.snapshots, params, "SnapshotId",
                Map.of("snapshot-id", Snapshot::id, "volume-id", Snapshot::volumeId));
        for (String key : tagFilters(params)) {
            Collection<String> wanted = filterValues(params, "tag:" + key);
            found = found.stream().filter(s -> wanted.contains(s.tags().get(key))).toList();
        }
        StringBuilder xml = open("DescribeSnapshots").append("<snapshotSet>");
        found.forEach(snapshot -> snapshotItem(xml, snapshot, account, true));
        return close(xml.append("</snapshotSet>"), "DescribeSnapshots");
    }

    private String createSnapshots(World world, String account, Map<String, String> params) {
        Instance instance = world.instances.get(params.get("InstanceSpecification.InstanceId"));
        if (instance == null) {
            return "!InvalidInstanceID.NotFound The instance ID '" + params.get("InstanceSpecification.InstanceId")
                    + "' does not exist";
        }
        boolean noBoot = "true".equalsIgnoreCase(params.get("InstanceSpecification.ExcludeBootVolume"));
        Set<String> excluded = Set.copyOf(values(params, "InstanceSpecification.ExcludeDataVolumeId"));
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; params.containsKey("TagSpecification.1.Tag." + i + ".Key"); i++) {
            tags.put(params.get("TagSpecification.1.Tag." + i + ".Key"), params.getOrDefault("TagSpecification.1.Tag." + i + ".Value", ""));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        StringBuilder xml = open("CreateSnapshots").append("<snapshotSet>");
        for (Volume volume : instance.volumes()) {
            if ((noBoot && volume.device().equals(ROOT_DEVICE)) || excluded.contains(volume.id())) {
                continue;
            }
            Snapshot snapshot = new Snapshot(id("snap-"), volume.id(), volume.sizeGiB(),
                    params.getOrDefault("Description", ""), now, new ConcurrentHashMap<>(tags));
            world.snapshots.put(snapshot.id(), snapshot);
            snapshotItem(xml, snapshot, account, false);
        }
        return close(xml.append("</snapshotSet>"), "CreateSnapshots");
    }

    private static String createTags(World world, Map<String, String> params) {
        for (String resource : values(params, "ResourceId")) {
            Snapshot snapshot = world.snapshots.get(resource);
            if (snapshot == null) {
                return "!InvalidSnapshot.NotFound The snapshot '" + resource + "' does not exist.";
            }
            for (int i = 1; params.containsKey("Tag." + i + ".Key"); i++) {
                snapshot.tags().put(params.get("Tag." + i + ".Key"), params.getOrDefault("Tag." + i + ".Value", ""));
            }
        }
        return close(open("CreateTags").append("<return>true</return>"), "CreateTags");
    }

    private static String deleteSnapshot(World world, Map<String, String> params) {
        String id = params.get("SnapshotId");
        if (world.snapshots.remove(id) == null) {
            return "!InvalidSnapshot.NotFound The snapshot '" + id + "' does not exist.";
        }
        return close(open("DeleteSnapshot").append("<return>true</return>"), "DeleteSnapshot");
    }

    /** Completed, with its status only where DescribeSnapshots has it (AwsBehaviourProxy rewrites it to pending). */
    private static void snapshotItem(StringBuilder xml, Snapshot snapshot, String account, boolean withStatus) {
        xml.append("<item><snapshotId>").append(snapshot.id()).append("</snapshotId><volumeId>").append(snapshot.volumeId())
                .append("</volumeId>");
        if (withStatus) {
            xml.append("<status>completed</status>");
        }
        xml.append("<startTime>").append(snapshot.started()).append("</startTime><progress>100%</progress><ownerId>")
                .append(account).append("</ownerId><volumeSize>").append(snapshot.sizeGiB()).append("</volumeSize>"
                        + "<description>").append(escape(snapshot.description())).append("</description><encrypted>false"
                        + "</encrypted><tagSet>");
        snapshot.tags().forEach((key, value) -> xml.append("<item><key>").append(escape(key)).append("</key><value>")
                .append(escape(value)).append("</value></item>"));
        xml.append("</tagSet></item>");
    }

    /**
     * The items named by {@code Name.N} parameters (when any), then narrowed by each filter the emulator knows; a
     * filter it does not know selects nothing, so that a benchmark never measures a describe broader than AWS's.
     */
    private static <T> List<T> select(Map<String, T> items, Map<String, String> params, String idParameter,
                                      Map<String, java.util.function.Function<T, String>> filters) {
        List<String> named = values(params, idParameter);
        List<T> found = named.isEmpty() ? new ArrayList<>(items.values())
                : named.stream().map(items::get).filter(item -> item != null).toList();
        for (String name : filterNames(params)) {
            if (name.startsWith("tag:") || name.equals("owner-id")) {
                continue;
            }
            var attribute = filters.get(name);
            Collection<String> wanted = Set.copyOf(filterValues(params, name));
            Predicate<T> matches = attribute == null ? item -> false : item -> wanted.contains(attribute.apply(item));
            found = found.stream().filter(matches).toList();
        }
        return found;
    }

    private static List<String> values(Map<String, String> params, String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 1; params.containsKey(prefix + "." + i); i++) {
            values.add(params.get(prefix + "." + i));
        }
        return values;
    }

    private static List<String> filterNames(Map<String, String> params) {
        List<String> names = new ArrayList<>();
        for (int i = 1; params.containsKey("Filter." + i + ".Name"); i++) {
            names.add(params.get("Filter." + i + ".Name"));
        }
        return names;
    }

    private static List<String> tagFilters(Map<String, String> params) {
        return filterNames(params).stream().filter(n -> n.startsWith("tag:")).map(n -> n.substring(4)).toList();
    }

    private static List<String> filterValues(Map<String, String> params, String name) {
        for (int i = 1; params.containsKey("Filter." + i + ".Name"); i++) {
            if (params.get("Filter." + i + ".Name").equals(name)) {
                return values(params, "Filter." + i + ".Value");
            }
        }
        return List.of();
    }

    private static StringBuilder open(String action) {
        return new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><").append(action).append("Response xmlns=\"")
                .append(EC2_NS).append("\"><requestId>estate</requestId>");
    }

    private static String close(StringBuilder xml, String action) {
        return xml.append("</").append(action).append("Response>").toString();
    }

    private static void error(HttpExchange exchange, String code, String message) throws IOException {
        FaultProxy.write(exchange, 400, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code
                + "</Code><Message>" + escape(message) + "</Message></Error></Errors><RequestID>estate</RequestID>"
                + "</Response>").getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
