package io.haven.api.recovery;

/**
 * The state of a recovered resource as last read from AWS.
 *
 * @param message AWS's status text, or the reason on failure
 */
public record RecoveryState(State state, String message) {

    public enum State { PENDING, READY, FAILED }

    public static RecoveryState pending(String message) {
        return new RecoveryState(State.PENDING, message);
    }

    public static RecoveryState ready() {
        return new RecoveryState(State.READY, null);
    }

    public static RecoveryState failed(String message) {
        return new RecoveryState(State.FAILED, message);
    }
}
