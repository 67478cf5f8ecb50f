package io.haven.selfbackup;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.haven.selfbackup}: Haven's backup of itself, the {@code cpmdata} policy (decision 0042). */
@ObjectClassDefinition(pid = "io.haven.selfbackup", name = "Haven: backup of Haven itself (cpmdata)")
public @interface SelfBackupConfig {

    /** The passphrase file when none is configured, relative to Karaf's data folder. */
    String DEFAULT_PASSPHRASE_FILE = "haven/keys/cpmdata.passphrase";

    @AttributeDefinition(name = "Passphrase file", description = "File holding the passphrase that encrypts the "
            + "cpmdata archives (at least 12 characters; a final line break is dropped), readable by the service "
            + "user alone. Keep a copy outside this server: a restore needs it. Empty: "
            + "${karaf.data}/haven/keys/cpmdata.passphrase", required = false)
    String passphraseFile() default "";
}
