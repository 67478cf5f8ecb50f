package io.haven.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.service.ConflictException;
import io.haven.api.service.ValidationException;
import io.haven.shell.testing.Console;
import org.junit.jupiter.api.Test;

class HavenCommandTest {

    @Test
    void aValidationErrorIsOneLineNamingTheField() throws Exception {
        Console.Run run = Console.execute(failingWith(new ValidationException("generations", "Must be at least 1")));
        assertThat(run.err()).isEqualTo("Error: generations: Must be at least 1" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
        assertThat(run.result()).isNull();
    }

    @Test
    void aValidationErrorWithoutAFieldIsJustItsMessage() throws Exception {
        Console.Run run = Console.execute(failingWith(new ValidationException(null, "Nothing to do")));
        assertThat(run.err()).isEqualTo("Error: Nothing to do" + System.lineSeparator());
    }

    @Test
    void otherHavenErrorsAreOneLineToo() throws Exception {
        Console.Run run = Console.execute(failingWith(new ConflictException("A backup of policy web is already in progress")));
        assertThat(run.err()).isEqualTo("Error: A backup of policy web is already in progress" + System.lineSeparator());
    }

    @Test
    void programmingErrorsAreNotHidden() {
        HavenCommand broken = failingWith(new IllegalStateException("bug"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Console.execute(broken))
                .isInstanceOf(IllegalStateException.class);
    }

    private static HavenCommand failingWith(RuntimeException e) {
        return new HavenCommand() {
            @Override
            protected Object run() {
                throw e;
            }
        };
    }
}
