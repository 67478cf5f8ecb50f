package io.haven.core.cluster;

import io.haven.core.internal.CoreConfig;
import io.haven.store.HavenStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node, for the components that share work with other nodes on the same database (decision 0039): the backup
 * engine (runs, disaster recovery, housekeeping), notifications (the daily summary) and tag scans. Its first heartbeat
 * is written here, before any of them starts work, so that no other node takes this one for dead meanwhile; the
 * backup engine writes the later ones.
 */
@Component(service = NodeComponent.class, immediate = true, configurationPid = CoreConfig.PID)
public class NodeComponent {

    private static final Logger LOG = LoggerFactory.getLogger(NodeComponent.class);

    private final Node node;

    @Activate
    public NodeComponent(@Reference HavenStore store, CoreConfig config) {
        this.node = new Node(Node.name(config.nodeId(), Path.of(System.getProperty("karaf.data", "data"), "haven",
                "node-id")), store, Clock.systemUTC(), Duration.ofSeconds(Math.max(2, config.nodeTimeoutSeconds())),
                config.recoveryOnly());
        node.beat();
        if (node.recoveryOnly()) {
            LOG.warn("This Haven node ({}) is in recovery-only mode: it makes no backups and runs no schedules, retention, "
                    + "disaster recovery, housekeeping or tag scans; set recoveryOnly = false in etc/io.haven.core.cfg to "
                    + "switch to normal", node.id());
        } else {
            LOG.info("This Haven node is {}", node.id());
        }
    }

    public Node node() {
        return node;
    }
}
