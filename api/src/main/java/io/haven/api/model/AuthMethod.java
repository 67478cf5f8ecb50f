package io.haven.api.model;

/** How Haven authenticates to an AWS account (guide 3.2.2). */
public enum AuthMethod {
    /** An IAM user's access key id and secret access key. */
    ACCESS_KEYS,
    /** The SDK's default credential chain: the instance role of the Haven server, environment, profile. */
    INSTANCE_ROLE,
    /** AssumeRole into another account, with the credentials of an account already configured. */
    ASSUME_ROLE
}
