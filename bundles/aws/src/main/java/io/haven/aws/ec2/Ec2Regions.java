package io.haven.aws.ec2;

import io.haven.api.target.CloudContext;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Region;

/** The regions an account can use, for work that covers "all AWS regions" (tag scans, guide 13). */
public final class Ec2Regions {

    private Ec2Regions() {
    }

    /** The regions enabled for the context's account (DescribeRegions without opted-out ones), sorted by name. */
    public static List<String> enabled(CloudContext ctx) {
        return ctx.client(Ec2Client.class).describeRegions(b -> b.allRegions(false)).regions().stream()
                .map(Region::regionName).sorted().toList();
    }
}
