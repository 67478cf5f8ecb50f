package io.haven.aws.iam;

import io.haven.api.permission.Decision;
import io.haven.api.permission.Feature;
import io.haven.api.permission.PermissionNeeds;
import io.haven.api.target.CloudContext;
import java.util.List;

/**
 * The permission needs of a plugin whose actions {@link AwsProbes} can probe: a plugin lists its features
 * and registers a subclass as a {@link PermissionNeeds} service.
 */
public abstract class AwsPermissionNeeds implements PermissionNeeds {

    private final List<Feature> features;

    protected AwsPermissionNeeds(Feature... features) {
        this.features = List.of(features);
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    @Override
    public Decision probe(CloudContext ctx, String action) {
        return AwsProbes.probe(ctx, action);
    }
}
