package io.haven.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.shell.testing.Completions;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringsCompletionTest {

    @Test
    void offersTheStringsThatStartWithWhatWasTyped() {
        StringsCompletion names = completion(List.of("nightly", "noon", "weekly"));
        assertThat(Completions.of(names, "n")).containsExactlyInAnyOrder("nightly", "noon");
        assertThat(Completions.of(names, "")).hasSize(3);
    }

    @Test
    void aServiceThatFailsOffersNothingInsteadOfBreakingTheConsole() {
        StringsCompletion broken = new StringsCompletion() {
            @Override
            protected Collection<String> strings() {
                throw new IllegalStateException("database is down");
            }
        };
        assertThat(Completions.of(broken, "n")).isEmpty();
    }

    private static StringsCompletion completion(List<String> strings) {
        return new StringsCompletion() {
            @Override
            protected Collection<String> strings() {
                return strings;
            }
        };
    }
}
