package io.haven.aws.ec2;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** EC2 error codes that target types act on. */
public final class Ec2Errors {

    public static final String VOLUME_NOT_FOUND = "InvalidVolume.NotFound";
    public static final String INSTANCE_NOT_FOUND = "InvalidInstanceID.NotFound";
    public static final String SNAPSHOT_NOT_FOUND = "InvalidSnapshot.NotFound";

    private Ec2Errors() {
    }

    /** Whether AWS answered with this error code. */
    public static boolean hasCode(AwsServiceException error, String code) {
        return error.awsErrorDetails() != null && code.equals(error.awsErrorDetails().errorCode());
    }
}
