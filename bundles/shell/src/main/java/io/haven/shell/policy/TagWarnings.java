package io.haven.shell.policy;

import io.haven.api.model.TagWarning;
import java.util.List;

/** Prints the warnings core gives for a manual change that a resource's cpm backup tag contradicts (guide 13). */
final class TagWarnings {

    private TagWarnings() {
    }

    /** One line per warning, after the line that says what was done: the change is made all the same. */
    static void print(List<TagWarning> warnings) {
        for (TagWarning warning : warnings) {
            System.out.println("Warning: " + warning.message());
        }
    }
}
