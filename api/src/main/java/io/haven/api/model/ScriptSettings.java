package io.haven.api.model;

/**
 * Backup scripts run by Haven for a policy (guide 4.2.5 and chapter 7).
 *
 * @param enabled        whether the before, after and complete scripts run
 * @param timeoutSeconds how long each script may run before it is killed and counted as failed
 * @param collectOutput  whether each script's standard error is kept with the backup record
 */
public record ScriptSettings(boolean enabled, int timeoutSeconds, boolean collectOutput) {
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;
    public static final ScriptSettings DISABLED = new ScriptSettings(false, DEFAULT_TIMEOUT_SECONDS, false);
}
