package io.haven.api.recovery;

import org.osgi.annotation.versioning.ProviderType;

/** Where a recovery reports as it goes; core records each call at once. */
@ProviderType
public interface RecoveryProgress {

    /** What names a step of {@link #clientToken}: short enough that the token stays within AWS's 64 characters. */
    String CLIENT_TOKEN_STEP = "[A-Za-z0-9-]{1,20}";

    /** A resource now exists in AWS. */
    void created(RecoveredResource resource);

    /** A resource the recovery deleted on purpose, for example an AMI de-registered after launch. */
    void removed(RecoveredResource resource);

    /** A line for the recovery's log. */
    void log(String message);

    /**
     * The idempotency token (AWS's {@code ClientToken}) for one call of this recovery, the same each time it is asked
     * for the same step, also after a restart: a {@link TargetRecovery#resume resumed} start that makes the call again
     * gets AWS's answer to the first call instead of a second resource (since 1.5). Unique to this recovery of this
     * installation, at most 64 ASCII characters.
     *
     * @param step names the call within the recovery: 1 to 20 letters, digits and dashes
     * @throws IllegalArgumentException when the step is not such a name
     */
    String clientToken(String step);
}
