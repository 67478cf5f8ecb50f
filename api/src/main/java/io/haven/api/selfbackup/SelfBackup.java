package io.haven.api.selfbackup;

import java.util.Locale;

/**
 * The {@code cpmdata} policy (guide 10.4.3): a policy of that name, in any case, backs up Haven itself, its database,
 * secret key and configuration, as its one target of type {@link #TARGET_TYPE}, whose resource is the S3 bucket the
 * encrypted archive goes to. Core refuses any other target on it and that type on any other policy.
 */
public final class SelfBackup {

    /** The name of the policy that backs up Haven itself, compared without case. */
    public static final String POLICY_NAME = "cpmdata";

    /** The target type of Haven's own data; its resource id is the bucket, its region the bucket's. */
    public static final String TARGET_TYPE = "haven-data";

    private SelfBackup() {
    }

    /** Whether a policy of this name backs up Haven itself. */
    public static boolean isSelfBackupPolicy(String policyName) {
        return policyName != null && policyName.trim().toLowerCase(Locale.ROOT).equals(POLICY_NAME);
    }
}
