package io.haven.rest.dto;

import io.haven.api.model.DelegateDraft;
import io.haven.api.model.DelegatePermissions;

/** The body of POST /users/{id}/delegates. */
public record DelegateRequest(String username, String email, String password, DelegatePermissions permissions) {

    public DelegateDraft toDraft() {
        return new DelegateDraft(username, email, Required.field("password", password).toCharArray(), permissions);
    }

    @Override
    public String toString() {
        return "DelegateRequest[username=" + username + ", permissions=" + permissions + ", password=***]";
    }
}
