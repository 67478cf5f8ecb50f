package io.haven.api.model;

/** How bad an alert is; {@link #code()} is the guide's one-letter wire form ({@code "E"}). */
public enum AlertSeverity {
    ERROR("E"),
    WARNING("W"),
    INFO("I");

    private final String code;

    AlertSeverity(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
