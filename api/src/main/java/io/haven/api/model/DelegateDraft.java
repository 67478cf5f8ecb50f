package io.haven.api.model;

/**
 * A new delegate: a user name (never changed), an e-mail, its own password (the password rules apply) and its
 * permissions (null: view only).
 *
 * @since 1.7
 */
public record DelegateDraft(String username, String email, char[] password, DelegatePermissions permissions) {

    @Override
    public String toString() {
        return "DelegateDraft[" + username + ", ***]";
    }
}
