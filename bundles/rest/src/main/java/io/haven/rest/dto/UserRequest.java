package io.haven.rest.dto;

import io.haven.api.model.UserDraft;
import io.haven.api.model.UserType;

/** The body of POST /users. */
public record UserRequest(String username, String email, String password, UserType type, Long managerId) {

    public UserDraft toDraft() {
        return new UserDraft(username, email, Required.field("password", password).toCharArray(), type, managerId);
    }

    @Override
    public String toString() {
        return "UserRequest[username=" + username + ", type=" + type + ", password=***]";
    }
}
