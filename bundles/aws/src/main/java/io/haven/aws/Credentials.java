package io.haven.aws;

import java.util.Objects;

/** How an {@link AwsIdentity} obtains AWS credentials. */
public sealed interface Credentials {

    /** An access key pair. {@link #toString()} never shows the secret. */
    record StaticKeys(String accessKeyId, String secretAccessKey) implements Credentials {
        public StaticKeys {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "StaticKeys[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
        }
    }

    /** The SDK's default chain: environment, system properties, profile, container or instance role. */
    record DefaultChain() implements Credentials {
    }

    /**
     * Credentials of a role assumed through another identity's STS client, with session name
     * {@code haven}.
     *
     * @param via        the identity that assumes the role
     * @param roleArn    the role's ARN
     * @param externalId the external id the role's trust policy asks for, or null
     */
    record AssumeRole(AwsIdentity via, String roleArn, String externalId) implements Credentials {
        public AssumeRole {
            Objects.requireNonNull(via, "via");
            Objects.requireNonNull(roleArn, "roleArn");
            externalId = externalId == null || externalId.isBlank() ? null : externalId;
        }
    }
}
