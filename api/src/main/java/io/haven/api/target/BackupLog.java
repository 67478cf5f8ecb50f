package io.haven.api.target;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The log of one backup run, as a target type sees it: what a plugin writes here is shown with the run's
 * other steps ({@code GET /backups/{id}/log}), so that what it decided on the user's behalf (tags left off,
 * an artifact found after a lost answer) is not silent.
 */
@ProviderType
public interface BackupLog {

    /** A log that drops everything, for callers outside a backup run. */
    BackupLog NONE = new BackupLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warning(String message) {
        }
    };

    void info(String message);

    void warning(String message);
}
