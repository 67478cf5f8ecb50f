package io.haven.core.security;

import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code ${karaf.data}/haven} owner-only when Haven starts (issue: the Derby files were 644 in 755
 * folders, readable by any local user). Files created afterwards are owner-only through the umask of
 * bin/setenv.
 */
@Component(immediate = true, service = DataFolderGuard.class)
public class DataFolderGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DataFolderGuard.class);

    @Activate
    public DataFolderGuard() {
        Path folder = Path.of(System.getProperty("karaf.data", "data"), "haven");
        int changed = OwnerOnlyFolder.tighten(folder);
        if (changed > 0) {
            LOG.info("Made {} files and folders under {} readable by their owner only", changed, folder);
        }
    }
}
