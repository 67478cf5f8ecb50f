package io.haven.api.model;

/**
 * Access keys to recover with instead of the account's (guide 9.1). They must belong to the same AWS
 * account; Haven checks that before anything is created and never stores them.
 */
public record RecoveryCredentials(String accessKeyId, String secretAccessKey) {

    @Override
    public String toString() {
        return "RecoveryCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
}
