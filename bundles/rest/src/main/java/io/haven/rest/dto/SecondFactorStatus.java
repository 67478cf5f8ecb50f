package io.haven.rest.dto;

import io.haven.api.model.SecondFactorState;

/** The answer of GET /second-factor. */
public record SecondFactorStatus(SecondFactorState state) {
}
