package io.haven.api.model;

import java.time.Instant;

/**
 * One run of a backup script for a backup (guide chapter 7).
 *
 * @param phase    before, after or complete
 * @param script   the file that ran, or null when none was found
 * @param argument the argument it was given (after and complete only), or null
 * @param outcome  how it ended
 * @param exitCode the exit code, or null when it did not exit by itself
 * @param stderr   its standard error when the policy collects output, otherwise null
 */
public record ScriptRun(Phase phase, String script, String argument, Outcome outcome, Integer exitCode,
                        String stderr, Instant started, Instant ended) {

    public enum Phase {
        BEFORE, AFTER, COMPLETE;

        /** The base-name prefix of this phase's script, for example {@code before_}. */
        public String prefix() {
            return name().toLowerCase(java.util.Locale.ROOT) + "_";
        }
    }

    public enum Outcome { SUCCEEDED, FAILED, TIMED_OUT, MISSING }

    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }
}
