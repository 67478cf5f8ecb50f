package io.haven.rest.dto;

/** The body of POST /identity-provider/keys/roll-over: how many days the previous key is kept (absent: 30). */
public record KeyRolloverRequest(Integer graceDays) {
}
