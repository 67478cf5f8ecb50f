package io.haven.rest.dto;

import io.haven.api.model.ResourceLimits;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserType;

/** The body of POST /users; {@code limits} absent or null means none (guide 16.2). */
public record UserRequest(String username, String email, String password, UserType type, Long managerId,
                          ResourceLimits limits) {

    public UserDraft toDraft() {
        return new UserDraft(username, email, Required.field("password", password).toCharArray(), type, managerId,
                limits);
    }

    @Override
    public String toString() {
        return "UserRequest[username=" + username + ", type=" + type + ", limits=" + limits + ", password=***]";
    }
}
