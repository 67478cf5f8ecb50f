package io.haven.aws.artifact;

import io.haven.api.target.CloudContext;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;

/**
 * The KMS key a disaster-recovery copy is encrypted with in its destination (guide 10.5.2): a source encrypted
 * with a customer key gets the key that has the same alias in the destination; one encrypted with AWS's default key
 * for the service ({@code alias/aws/ebs}, {@code alias/aws/rds}) gets the destination's default key, named by that
 * alias; a missing alias fails the copy with a message naming the alias and the region. KMS keys are regional, so
 * a copy never names the source's key (since 1.2).
 */
public final class CopyKeys {

    private static final String AWS_ALIAS_PREFIX = "alias/aws/";

    private CopyKeys() {
    }

    /**
     * @param encrypted    whether the source is encrypted
     * @param sourceKeyId  the source's key (id or ARN) as AWS describes it; null when AWS does not say, which
     *                     counts as the default key
     * @param defaultAlias the service's AWS-managed alias, for example {@code alias/aws/ebs}
     * @return the key to pass as KmsKeyId to the copy call, empty for an unencrypted source
     * @throws IllegalStateException when the source's key has no alias, or the destination lacks the alias
     */
    public static Optional<String> forCopy(CloudContext source, CloudContext destination, boolean encrypted,
                                           String sourceKeyId, String defaultAlias) {
        if (!encrypted) {
            return Optional.empty();
        }
        if (sourceKeyId == null || sourceKeyId.isBlank()) {
            return Optional.of(defaultAlias);
        }
        String alias = source.client(KmsClient.class).listAliasesPaginator(b -> b.keyId(keyIdOf(sourceKeyId)))
                .aliases().stream().map(AliasListEntry::aliasName).sorted()
                .filter(name -> !name.startsWith(AWS_ALIAS_PREFIX)).findFirst()
                .orElse(null);
        if (alias == null) {
            boolean awsManaged = source.client(KmsClient.class).listAliasesPaginator(b -> b.keyId(keyIdOf(sourceKeyId)))
                    .aliases().stream().anyMatch(a -> a.aliasName().startsWith(AWS_ALIAS_PREFIX));
            if (awsManaged) {
                return Optional.of(defaultAlias);
            }
            throw new IllegalStateException("The KMS key " + sourceKeyId + " in " + source.region() + " has no alias; "
                    + "a copy to " + destination.region() + " needs a key with the same alias there");
        }
        return Optional.of(destination.client(KmsClient.class).listAliasesPaginator(b -> { }).aliases().stream()
                .filter(a -> alias.equals(a.aliasName()) && a.targetKeyId() != null).findFirst()
                .map(AliasListEntry::targetKeyId)
                .orElseThrow(() -> new IllegalStateException("No KMS key with alias " + alias + " in region "
                        + destination.region() + ": the source is encrypted with it, and its copy needs a key with the "
                        + "same alias there")));
    }

    /** The key id of a key ARN ({@code arn:aws:kms:REGION:ACCOUNT:key/ID}); ids pass unchanged. */
    static String keyIdOf(String keyIdOrArn) {
        int slash = keyIdOrArn.lastIndexOf("key/");
        return keyIdOrArn.startsWith("arn:") && slash >= 0 ? keyIdOrArn.substring(slash + 4) : keyIdOrArn;
    }
}
