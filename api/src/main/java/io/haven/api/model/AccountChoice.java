package io.haven.api.model;

/**
 * An account a recovery can be made in, as the recovery panel offers it (guide 10.5, 11.5): the artifacts are shared
 * with it and recovered there (since 1.12).
 *
 * @param awsAccountId the 12-digit account the artifacts are shared with
 */
public record AccountChoice(long id, String name, String awsAccountId) {
}
