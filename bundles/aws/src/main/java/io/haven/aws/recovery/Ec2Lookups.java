package io.haven.aws.recovery;

import io.haven.api.target.CloudContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/** What recovery checks in EC2 before it creates anything: zones and security groups. */
public final class Ec2Lookups {

    private Ec2Lookups() {
    }

    /** Whether the zone exists in the context's region (AWS answers an unknown name with an error, moto with nothing). */
    public static boolean zoneExists(CloudContext ctx, String zone) {
        try {
            return ctx.client(Ec2Client.class).describeAvailabilityZones(b -> b.zoneNames(zone)).availabilityZones()
                    .stream().map(AvailabilityZone::zoneName).anyMatch(zone::equals);
        } catch (Ec2Exception e) {
            if (e.statusCode() == 400) {
                return false;
            }
            throw e;
        }
    }

    /** The ids among {@code groupIds} that name no security group in the region. */
    public static List<String> missingSecurityGroups(CloudContext ctx, List<String> groupIds) {
        if (groupIds.isEmpty()) {
            return List.of();
        }
        // a filter, unlike GroupIds, lists what exists instead of failing on the first unknown id
        Set<String> found = new HashSet<>();
        ctx.client(Ec2Client.class)
                .describeSecurityGroupsPaginator(b -> b.filters(Filter.builder().name("group-id").values(groupIds).build()))
                .securityGroups().stream().map(SecurityGroup::groupId).forEach(found::add);
        List<String> missing = new ArrayList<>(groupIds);
        missing.removeAll(found);
        return missing;
    }
}
