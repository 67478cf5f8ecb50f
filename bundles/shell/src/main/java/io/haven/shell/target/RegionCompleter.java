package io.haven.shell.target;

import io.haven.shell.StringsCompletion;
import java.util.Collection;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes AWS region names. A fixed list: any other region name is still accepted when typed. */
@Service
public class RegionCompleter extends StringsCompletion {

    static final List<String> REGIONS = List.of(
            "af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
            "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
            "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
            "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
            "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2");

    @Override
    protected Collection<String> strings() {
        return REGIONS;
    }
}
