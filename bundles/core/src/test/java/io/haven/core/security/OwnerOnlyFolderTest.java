package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFolderTest {

    @TempDir
    Path root;

    @Test
    void groupAndOthersLoseEveryPermissionAndTheOwnerKeepsHis() throws Exception {
        Path db = Files.createDirectories(root.resolve("haven/db/seg0"));
        Files.setPosixFilePermissions(db.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = Files.writeString(db.resolve("c10.dat"), "rows");
        Path script = Files.writeString(root.resolve("haven/before_web.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve("haven"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxr-x"));

        int changed = OwnerOnlyFolder.tighten(root.resolve("haven"));

        assertThat(changed).as("haven, db, seg0, the data file and the script").isEqualTo(5);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("haven")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwx------");
        assertThat(OwnerOnlyFolder.tighten(root.resolve("haven"))).as("nothing left to change").isZero();
    }

    @Test
    void aCreatedFolderIsOwnerOnly() throws Exception {
        Path keys = OwnerOnlyFolder.create(root.resolve("data/haven/keys"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwx------");
    }
}
