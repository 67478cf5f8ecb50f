package io.haven.core.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Haven's data folder (database, secret key, certificates, scripts) is for the service user alone: group and
 * others get no permission on anything in it. New files are owner-only through the start scripts' umask;
 * this also tightens what an older version, or a start without those scripts, left readable.
 */
public final class OwnerOnlyFolder {

    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnlyFolder() {
    }

    /** Creates the folder (owner-only) if it is missing. */
    public static Path create(Path folder) {
        try {
            if (Files.isDirectory(folder)) {
                return folder;
            }
            if (folder.getParent() != null) {
                Files.createDirectories(folder.getParent());
            }
            if (supportsPosix(folder.getParent() == null ? folder.toAbsolutePath().getRoot() : folder.getParent())) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(folder);
            }
            return folder;
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder " + folder, e);
        }
    }

    /**
     * Takes group and others' permissions off the folder and everything under it; the owner's stay as they are
     * (scripts keep their execute bit). Returns how many files and folders were changed.
     */
    public static int tighten(Path folder) {
        if (!Files.isDirectory(folder) || !supportsPosix(folder)) {
            return 0;
        }
        int[] changed = {0};
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    restrict(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!attrs.isSymbolicLink()) {
                        restrict(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                private void restrict(Path path) throws IOException {
                    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                    if (permissions.removeAll(GROUP_AND_OTHERS)) {
                        Files.setPosixFilePermissions(path, permissions);
                        changed[0]++;
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restrict the permissions under " + folder, e);
        }
        return changed[0];
    }

    private static boolean supportsPosix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }
}
