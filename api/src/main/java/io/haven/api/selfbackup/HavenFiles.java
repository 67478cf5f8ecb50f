package io.haven.api.selfbackup;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where Haven keeps the files that a backup of Haven must hold besides its database, as core's configuration says:
 * provided by core, so that no other bundle reads core's configuration.
 */
@ProviderType
public interface HavenFiles {

    /** The AES key that encrypts account secrets at rest ({@code secretKeyFile} of {@code io.haven.core}). */
    Path secretKeyFile();
}
