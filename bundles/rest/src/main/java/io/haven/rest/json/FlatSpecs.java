package io.haven.rest.json;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.PolicyTarget;
import io.haven.api.model.Schedule;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.target.TargetSpec;

/**
 * Writes the settings a user sent (a record's {@code spec}) at the top level of the stored object, so
 * that what GET returns has the same shape as what POST and PUT take, plus id and derived fields.
 */
final class FlatSpecs extends SimpleModule {

    FlatSpecs() {
        super("haven-flat-specs");
        setMixInAnnotation(Policy.class, PolicyMixIn.class);
        setMixInAnnotation(Schedule.class, ScheduleMixIn.class);
        setMixInAnnotation(PolicyTarget.class, PolicyTargetMixIn.class);
    }

    private abstract static class PolicyMixIn {
        @JsonUnwrapped
        abstract PolicySpec spec();
    }

    private abstract static class ScheduleMixIn {
        @JsonUnwrapped
        abstract ScheduleSpec spec();
    }

    private abstract static class PolicyTargetMixIn {
        @JsonUnwrapped
        abstract TargetSpec spec();

        /** Only an answer to an add has warnings; a target as read has none and shows no such field. */
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        abstract java.util.List<io.haven.api.model.TagWarning> warnings();
    }
}
