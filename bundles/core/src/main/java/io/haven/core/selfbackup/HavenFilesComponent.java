package io.haven.core.selfbackup;

import io.haven.api.selfbackup.HavenFiles;
import io.haven.core.account.AccountCredentials;
import io.haven.core.internal.CoreConfig;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Tells the backup of Haven itself where core keeps its secret key, as core's configuration says. */
@Component(service = HavenFiles.class, configurationPid = CoreConfig.PID)
public class HavenFilesComponent implements HavenFiles {

    private final Path secretKeyFile;

    @Activate
    public HavenFilesComponent(CoreConfig config) {
        this.secretKeyFile = AccountCredentials.keyFile(config.secretKeyFile());
    }

    @Override
    public Path secretKeyFile() {
        return secretKeyFile;
    }
}
