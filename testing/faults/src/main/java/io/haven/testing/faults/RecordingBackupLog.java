package io.haven.testing.faults;

import io.haven.api.target.BackupLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A run's log for plugin tests: keeps every message, warnings prefixed with "WARNING ". */
public final class RecordingBackupLog implements BackupLog {

    private final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        messages.add(message);
    }

    @Override
    public void warning(String message) {
        messages.add("WARNING " + message);
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }
}
