package io.haven.testing.widget;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * A made-up resource type, "widgets", whose backups live in this bundle's memory. It needs no AWS API,
 * so a test can show the plugin mechanism alone: the type appears when the bundle is deployed, can be
 * backed up, and disappears when the bundle is removed.
 */
@Component(property = TargetType.SERVICE_PROPERTY_TYPE + "=" + WidgetTargetType.ID)
public class WidgetTargetType implements TargetType {

    static final String ID = "test-widget";
    private static final List<String> WIDGETS = List.of("widget-1", "widget-2");

    private final Set<String> copies = ConcurrentHashMap.newKeySet();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Widget (test plugin)";
    }

    @Override
    public List<Resource> discover(CloudContext ctx) {
        return WIDGETS.stream().map(w -> new Resource(ID, w, ctx.region(), w, Map.of(), Map.of())).toList();
    }

    @Override
    public void validate(TargetSpec target) {
        if (!target.options().isEmpty()) {
            throw new InvalidTargetException("options", "Widgets take no options");
        }
    }

    @Override
    public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
        if (!WIDGETS.contains(target.resourceId())) {
            throw new TargetNotFoundException("No widget " + target.resourceId());
        }
        String id = "copy-" + request.backupId() + "-" + target.resourceId();
        copies.add(id);
        return List.of(new Artifact("widget-copy", id, target.region(), target.resourceId(), Map.of()));
    }

    @Override
    public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
        return copies.contains(artifact.id()) ? ArtifactStatus.completed() : ArtifactStatus.failed("copy is gone");
    }

    @Override
    public void delete(CloudContext ctx, Artifact artifact) {
        copies.remove(artifact.id());
    }

    @Override
    public List<Artifact> findByBackupId(CloudContext ctx, String backupId) {
        return List.of();
    }
}
