package io.haven.rest.dto;

/** The body that proves a step with the current one-time code of the user's authenticator app. */
public record SecondFactorCode(String code) {

    public String value() {
        return Required.field("code", code);
    }

    @Override
    public String toString() {
        return "SecondFactorCode[***]";
    }
}
