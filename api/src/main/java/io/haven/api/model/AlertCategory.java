package io.haven.api.model;

/** What kind of issue an alert is about (guide 15.1); {@link #label()} is the guide's wire name. */
public enum AlertCategory {
    BACKUP("Backup"),
    /** Disaster-recovery copies; raised once DR exists. */
    DR("DR"),
    /** Tag scans; raised once tag scanning exists. */
    SCAN("Scan"),
    STORAGE("Storage"),
    SYSTEM("System");

    private final String label;

    AlertCategory(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
