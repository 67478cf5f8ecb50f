package io.haven.api.target;

/**
 * The state of an artifact as last read from AWS.
 *
 * @param state    pending, completed or failed
 * @param progress progress in percent as AWS reports it, or -1 when unknown
 * @param message  AWS's reason on failure, otherwise null
 */
public record ArtifactStatus(State state, int progress, String message) {

    public enum State { PENDING, COMPLETED, FAILED }

    public static ArtifactStatus pending(int progress) {
        return new ArtifactStatus(State.PENDING, progress, null);
    }

    public static ArtifactStatus completed() {
        return new ArtifactStatus(State.COMPLETED, 100, null);
    }

    public static ArtifactStatus failed(String message) {
        return new ArtifactStatus(State.FAILED, -1, message);
    }
}
