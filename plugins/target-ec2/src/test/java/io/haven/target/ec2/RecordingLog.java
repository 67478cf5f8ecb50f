package io.haven.target.ec2;

import io.haven.api.target.BackupLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The run's log as the plugin sees it, keeping the warnings for the tests to read. */
final class RecordingLog implements BackupLog {

    final List<String> warnings = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
    }

    @Override
    public void warning(String message) {
        warnings.add(message);
    }
}
