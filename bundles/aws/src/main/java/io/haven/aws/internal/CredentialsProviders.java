package io.haven.aws.internal;

import io.haven.aws.AwsIdentity;
import io.haven.aws.Credentials;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/** Turns {@link Credentials} into an SDK credentials provider. */
final class CredentialsProviders {

    static final String SESSION_NAME = "haven";

    private CredentialsProviders() {
    }

    static AwsCredentialsProvider create(AwsIdentity identity, String region, ClientCache cache) {
        Credentials credentials = identity.credentials();
        if (credentials instanceof Credentials.StaticKeys keys) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
        }
        if (credentials instanceof Credentials.AssumeRole role) {
            // The via identity's STS client is itself cached, so its own credentials refresh as usual.
            StsClient sts = cache.client(role.via(), region, StsClient.class);
            return StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts)
                    .refreshRequest(AssumeRoleRequest.builder()
                            .roleArn(role.roleArn())
                            .roleSessionName(SESSION_NAME)
                            .externalId(role.externalId())
                            .build())
                    .build();
        }
        if (credentials instanceof Credentials.DefaultChain) {
            // A fresh chain per identity (not the shared singleton), so that closing it here is safe.
            return DefaultCredentialsProvider.builder().build();
        }
        throw new IllegalArgumentException("Unknown credentials kind " + credentials.getClass().getName());
    }
}
