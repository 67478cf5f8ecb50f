package io.haven.api.recovery;

import org.osgi.annotation.versioning.ProviderType;

/** Where a recovery reports as it goes; core records each call at once. */
@ProviderType
public interface RecoveryProgress {

    /** A resource now exists in AWS. */
    void created(RecoveredResource resource);

    /** A resource the recovery deleted on purpose, for example an AMI de-registered after launch. */
    void removed(RecoveredResource resource);

    /** A line for the recovery's log. */
    void log(String message);
}
